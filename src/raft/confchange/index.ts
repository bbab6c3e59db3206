export { decodeConfChange, encodeConfChange } from './codec';
export { ConfHistory } from './conf-history';
export { applyConfChangeTo, confChangeProblem, isMember } from './transition';
