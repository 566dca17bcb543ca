package warehouse

import (
	"context"
	"fmt"

	fsql "fullemp/sql"
)

var qPing = fsql.MustQuery("ping")

// Ping runs SELECT 1: the database answers statements (clickhouse-go's own Ping only
// shows that the server's socket answers). A server that does not answer within ctx's
// deadline gives ErrUnavailable.
func (s *Store) Ping(ctx context.Context) error {
	var one uint8
	if err := s.Conn.QueryRow(ctx, qPing).Scan(&one); err != nil {
		return fmt.Errorf("select 1: %w", err)
	}
	if one != 1 {
		return fmt.Errorf("select 1 gave %d", one)
	}
	return nil
}
