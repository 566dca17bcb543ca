package chdbconn_test

import (
	"testing"

	"fullemp/warehouse/whtest"
)

// TestCraftedCityOnCluster runs the crafted city's ingest, refresh, figures, accounts and
// every query file of sql/queries on the 18.16 test cluster (2 shards × 2 replicas,
// whtest.SharedCluster) and on one 18.16 server, and compares every answer; the figures
// worked out by hand are checked on the cluster's answers too.
func TestCraftedCityOnCluster(t *testing.T) {
	c := whtest.SharedCluster(t)
	one := serverEngine(t)
	cl := engine{name: "ClickHouse 18.16 cluster (2 shards × 2 replicas)", store: whtest.OpenWith(t, c.Config(t))}
	r1 := run(t, one, t.TempDir())
	rc := run(t, cl, t.TempDir())
	namedQueries(t, one, r1)
	namedQueries(t, cl, rc)
	compare(t, one, cl, r1, rc)
	checkFigures(t, rc)
}
