import { statefulFuzzPart } from '../_helpers/stateful-fuzz.ts';

// Part 2 of the stateful-against-DPOR comparison on random kernel programs (test/_helpers/stateful-fuzz.ts).
statefulFuzzPart(1);
