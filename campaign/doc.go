// Package campaign holds the vocabulary of Hangzhou's full-employment campaign that every
// other package shares: the six input kinds and their columns (SPEC §2), the enumerations
// in English and Chinese, and the districts of 2009 with their groups (SPEC §1).
package campaign
