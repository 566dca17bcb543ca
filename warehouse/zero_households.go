package warehouse

import (
	"context"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// openRow is an outstanding zero-employment household in a month.
type openRow struct {
	month time.Time
	ZeroHousehold
}

// openHouseholdRows reads the outstanding households of the given months (all
// communities; agg_zero_households is small).
func (s *Store) openHouseholdRows(ctx context.Context, months []time.Time) ([]openRow, error) {
	if len(months) == 0 {
		return nil, nil
	}
	days := make([]string, len(months))
	for i, m := range months {
		days[i] = m.Format("2006-01-02")
	}
	rows, err := s.Conn.Query(ctx, qZeroOpen, groupSet(days))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []openRow
	for rows.Next() {
		var r openRow
		if err := rows.Scan(&r.month, &r.CommunityCode, &r.HouseholdID, &r.LabourForce); err != nil {
			return nil, err
		}
		r.month = monthStart(r.month)
		out = append(out, r)
	}
	return out, rows.Err()
}

// openHouseholds is openHouseholdRows as month → community → household ids.
func (s *Store) openHouseholds(ctx context.Context, months []time.Time) (map[time.Time]map[string][]string, error) {
	rows, err := s.openHouseholdRows(ctx, months)
	if err != nil {
		return nil, err
	}
	out := map[time.Time]map[string][]string{}
	for _, r := range rows {
		if out[r.month] == nil {
			out[r.month] = map[string][]string{}
		}
		out[r.month][r.CommunityCode] = append(out[r.month][r.CommunityCode], r.HouseholdID)
	}
	return out, nil
}

// groupSet binds a list of strings as ('a', 'b', …) for `col IN ?`.
func groupSet(list []string) clickhouse.GroupSet {
	v := make([]any, len(list))
	for i, s := range list {
		v[i] = s
	}
	return clickhouse.GroupSet{Value: v}
}
