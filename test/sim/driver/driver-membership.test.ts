/** Driver scenarios, family "membership" (see driver-scenario.ts and family-suite.ts). */
import { DriverFamily } from './driver-scenario';
import { driverFamilySuite } from './family-suite';

driverFamilySuite(DriverFamily.Membership);
