// Package synth generates the demo city: Hangzhou's full-employment campaign of 2007–2010
// as the six input files of SPEC §2, with districts, streets and communities, residents and
// their households, a monthly ledger, insurance contributions, placements, street scores
// and spot checks.
//
// The demo is calibrated by construction. A plan decides, for every community and year,
// whether it meets the full-employment community standard (SPEC §4) and, when not, which
// item fails; the residents are then generated and adjusted until the definitions of SPEC §3,
// implemented here in Measure, give exactly that plan. The self-check (Check) recomputes the
// figures from the rows that were written and compares them with the published ones of
// SPEC §5: 283 communities meeting the standard in 2007, 505 in 2008 (68 converted), and 162
// zero-employment households formed in those 505 during 2008, all eliminated.
//
// A few ledgers are missing, as in real life (see chooseLateLedgers): a handful of
// communities, mostly in the counties, have not sent their 2010-12 ledger, and two skipped
// 2009-05. Measure and the self-check read a missing ledger as SPEC §3–4 do.
//
// Communities are generated in parallel, each from its own random stream derived from the
// seed and its code, and written in code order: the same seed gives byte-identical files.
package synth
