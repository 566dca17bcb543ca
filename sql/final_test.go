package sql

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"
)

// finalShapeErrors returns, for each SELECT of q that reads a table with FINAL, has no
// WHERE and no GROUP BY, and sorts, limits or is DISTINCT at the same level, the words
// that make it so. ClickHouse 18.16 cannot run that shape on a Distributed table (a
// cluster): the shards' FINAL reads lack the sorting key and version columns and the query
// fails with "Cannot find column … in source stream" once the table has rows
// (ClickHouse/ClickHouse#5346; checked on the test cluster for ORDER BY, LIMIT, LIMIT BY
// and DISTINCT, with and without PREWHERE). The same read with a WHERE or a GROUP BY, or a
// bare FINAL read in a subquery with the ORDER BY outside it, works.
func finalShapeErrors(q string) []string {
	type scope struct{ words map[string]bool }
	var out []string
	stack := []scope{{map[string]bool{}}}
	check := func(s scope) {
		if !s.words["FINAL"] || s.words["WHERE"] || s.words["GROUP"] {
			return
		}
		for _, w := range []string{"ORDER", "LIMIT", "DISTINCT"} {
			if s.words[w] {
				out = append(out, "FINAL without WHERE or GROUP BY, with "+w)
			}
		}
	}
	word := strings.Builder{}
	flush := func() {
		if word.Len() > 0 {
			stack[len(stack)-1].words[strings.ToUpper(word.String())] = true
			word.Reset()
		}
	}
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			flush()
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '\'':
			flush()
			for i++; i < len(q) && q[i] != '\''; i++ {
				if q[i] == '\\' {
					i++
				}
			}
		case c == '(':
			flush()
			stack = append(stack, scope{map[string]bool{}})
		case c == ')':
			flush()
			if len(stack) > 1 {
				check(stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
		case c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || c == '_'):
			word.WriteByte(c)
		default:
			flush()
		}
	}
	flush()
	for _, s := range stack {
		check(s)
	}
	return out
}

func TestFinalShapeCheck(t *testing.T) {
	bad := []string{
		"SELECT a FROM t FINAL ORDER BY a",
		"SELECT DISTINCT a FROM t FINAL",
		"SELECT a FROM t FINAL PREWHERE b = 1 LIMIT 3",
		"SELECT x FROM (SELECT a AS x FROM t FINAL LIMIT 1 BY a) WHERE x = 1",
	}
	good := []string{
		"SELECT a FROM t FINAL",
		"SELECT a FROM t FINAL WHERE b = 'ORDER' ORDER BY a LIMIT 2",
		"SELECT a, count(DISTINCT b) FROM t FINAL GROUP BY a ORDER BY a",
		"SELECT a FROM (SELECT a FROM t FINAL) ORDER BY a",
		"SELECT a FROM t ORDER BY a -- FINAL",
	}
	for _, q := range bad {
		if len(finalShapeErrors(q)) == 0 {
			t.Errorf("not flagged: %s", q)
		}
	}
	for _, q := range good {
		if e := finalShapeErrors(q); len(e) > 0 {
			t.Errorf("flagged %v: %s", e, q)
		}
	}
}

// TestQueriesRunOnACluster fails for a query of queries/ that 18.16 cannot run on a
// Distributed table (finalShapeErrors); warehouse/clustertest runs them on a cluster.
func TestQueriesRunOnACluster(t *testing.T) {
	entries, err := fs.ReadDir(Queries, "queries")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(Queries, "queries/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, msg := range finalShapeErrors(string(b)) {
			t.Errorf("%s: %s: fails on a ClickHouse 18.16 cluster; add a WHERE or move the ORDER BY/LIMIT/DISTINCT to a query around a bare FINAL read", e.Name(), msg)
		}
	}
}
