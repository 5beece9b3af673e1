import { statefulFuzzPart } from '../_helpers/stateful-fuzz.ts';

// Part 4 of the stateful-against-DPOR comparison on random kernel programs (test/_helpers/stateful-fuzz.ts).
statefulFuzzPart(3);
