/** Driver scenarios, family "leases" (see driver-scenario.ts, driver-leases.ts and family-suite.ts). */
import { DriverFamily } from './driver-scenario';
import { driverFamilySuite } from './family-suite';

// Each scenario spans seconds of virtual time (leases must get to expire), so fewer of them run by default.
driverFamilySuite(DriverFamily.Leases, 100);
