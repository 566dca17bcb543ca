package ingest

import (
	"context"
	"fmt"
	"sync"

	"github.com/ClickHouse/clickhouse-go/v2"
	"golang.org/x/sync/errgroup"

	"fullemp/campaign"
)

// fileStaging is one file's pair of staging tables: its data rows and its rejected rows go
// there first, and reach the input table and the quarantine in one INSERT … SELECT each
// once the whole file has been read. So a file that stops half-way (a warehouse error,
// too many rejected rows, a killed process) leaves nothing in the tables the figures and
// pages read, and `replaced` is counted before any merge of the input table can fold
// this file's rows into the rows they replace.
type fileStaging struct {
	kind       campaign.Kind
	data       string // AS the kind's input table
	quarantine string // AS quarantine
}

// stagingFor names a file's staging tables after its fingerprint: a re-run of the file
// after a crash finds, and replaces, what the crashed attempt left.
func stagingFor(k campaign.Kind, fileID uint64) fileStaging {
	return fileStaging{
		kind:       k,
		data:       fmt.Sprintf("ingest_staging_%d", fileID),
		quarantine: fmt.Sprintf("ingest_staging_q_%d", fileID),
	}
}

// create makes the staging tables empty, dropping any a crashed attempt left behind. The
// two tables are made at once, as publish and drop handle them.
func (st fileStaging) create(ctx context.Context, in *Ingester) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		in.dropTable(gctx, st.data+"_kept")
		return nil
	})
	for _, t := range []struct{ name, like string }{{st.data, string(st.kind)}, {st.quarantine, "quarantine"}} {
		g.Go(func() error {
			in.dropTable(gctx, t.name)
			if err := in.store.Conn.Exec(gctx, in.store.Schema().StagingLike(t.name, t.like)); err != nil {
				return fmt.Errorf("create staging table %s: %w", t.name, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// publish moves the staged rows into the input table and the quarantine (two INSERTs of
// different tables, at once; a re-run after a crash between them writes both again).
func (st fileStaging) publish(ctx context.Context, in *Ingester) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, t := range []struct{ to, from string }{{string(st.kind), st.data}, {"quarantine", st.quarantine}} {
		g.Go(func() error {
			if err := in.store.Conn.Exec(gctx, "INSERT INTO "+t.to+" SELECT * FROM "+t.from); err != nil {
				return fmt.Errorf("move the staged rows into %s: %w", t.to, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// exclude drops the staged data rows of the given source rows (rows a check of the whole
// file rejected once they were staged, see damagedHouseholds): the rows to keep are
// copied to a new table that takes the staging table's place. A crash in between leaves
// the copy, which the next attempt's create drops.
func (st fileStaging) exclude(ctx context.Context, in *Ingester, rows []any) error {
	kept := st.data + "_kept"
	for _, q := range []string{"DROP TABLE IF EXISTS " + kept, "CREATE TABLE " + kept + " AS " + st.data} {
		if err := in.store.Conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("drop rejected rows from staging: %w", err)
		}
	}
	if err := in.store.Conn.Exec(ctx, "INSERT INTO "+kept+" SELECT * FROM "+st.data+" WHERE source_row NOT IN ?", clickhouse.GroupSet{Value: rows}); err != nil {
		return fmt.Errorf("drop rejected rows from staging: %w", err)
	}
	for _, q := range []string{"DROP TABLE " + st.data, "RENAME TABLE " + kept + " TO " + st.data} {
		if err := in.store.Conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("drop rejected rows from staging: %w", err)
		}
	}
	return nil
}

// drop removes the staging tables (at once); failures are only logged (a re-run drops them
// again).
func (st fileStaging) drop(ctx context.Context, in *Ingester) {
	ctx = context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	for _, t := range []string{st.data, st.data + "_kept", st.quarantine} {
		wg.Go(func() { in.dropTable(ctx, t) })
	}
	wg.Wait()
}

// dropTable drops a staging table if it is there; a failure is only logged.
func (in *Ingester) dropTable(ctx context.Context, t string) {
	if err := in.store.Conn.Exec(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
		in.log.WithError(err).WithField("table", t).Warn("dropping a staging table")
	}
}
