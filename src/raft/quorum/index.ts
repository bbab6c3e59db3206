export { committedIndex, quorumSize, voteResult, VoteResult } from './majority';
