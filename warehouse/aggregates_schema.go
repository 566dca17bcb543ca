package warehouse

import (
	"context"
	"fmt"
	"sync"
)

// aggregatesMigration is the migration that creates the figure aggregates.
const aggregatesMigration = 3

// schemaChecked records the Stores whose aggregate tables were checked (*Store → bool).
var schemaChecked sync.Map

// ensureAggregates applies the aggregates migration's statements again, once per Store.
// They are all CREATE TABLE IF NOT EXISTS, so this only adds tables that a database created
// from an earlier edition of the migration lacks; their contents come with the next refresh.
// A cluster's schema was created by this edition (no earlier one ran on a cluster), and its
// ON CLUSTER DDL would wait on a node that is down: nothing to do there.
func (s *Store) ensureAggregates(ctx context.Context) error {
	if _, ok := schemaChecked.Load(s); ok || s.Cluster != "" {
		return nil
	}
	migs, err := Migrations()
	if err != nil {
		return err
	}
	for _, m := range migs {
		if m.Version != aggregatesMigration {
			continue
		}
		for i, stmt := range m.Statements {
			if err := s.Conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("aggregate tables (%s statement %d): %w", m.Name, i+1, err)
			}
		}
	}
	schemaChecked.Store(s, true)
	return nil
}
