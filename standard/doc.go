// Package standard holds the rules of Hangzhou's full-employment campaign (SPEC §4–5) as
// pure Go: which communities and streets meet the standard in a year (or as of a month of
// it), why an item failed, how the city stands against its percentage targets and when it
// would reach them at its recent pace. The warehouse feeds it per-community monthly counts;
// nothing here touches a database.
package standard
