package warehouse

import (
	"context"
	"fmt"
	"time"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

var qPlacements = fsql.MustQuery("placements_by_channel")

// Placements counts the region's placements whose placed_at falls in the months [from, to]
// by the six channels, and the 72-hour promise rate (placed within 72 hours of
// requested_at, over placements with requested_at).
func (s *Store) Placements(ctx context.Context, code string, from, to time.Time) (Placements, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return Placements{}, err
	}
	reg, err := regs.region(code)
	if err != nil {
		return Placements{}, err
	}
	from, to = monthStart(from), monthStart(to)
	prefix := reg.Code
	if reg.Level == LevelCity || reg.Level == LevelGroup {
		prefix = ""
	}
	rows, err := s.Conn.Query(ctx, qPlacements, from.Format("2006-01-02"), to.Format("2006-01-02"), prefix)
	if err != nil {
		return Placements{}, fmt.Errorf("placements: %w", err)
	}
	defer rows.Close()
	by := map[string]uint64{}
	var requested, kept uint64
	p := Placements{Region: reg, From: from, To: to}
	for rows.Next() {
		var c, ch string
		var n, req, k uint64
		if err := rows.Scan(&c, &ch, &n, &req, &k); err != nil {
			return Placements{}, fmt.Errorf("placements: %w", err)
		}
		if !regs.Contains(reg, c) {
			continue
		}
		by[ch] += n
		p.Total += n
		requested += req
		kept += k
	}
	if err := rows.Err(); err != nil {
		return Placements{}, fmt.Errorf("placements: %w", err)
	}
	for _, ch := range campaign.Channels.Values() {
		p.Channels = append(p.Channels, ChannelCount{Channel: ch, ChannelZH: campaign.Channels.Chinese(ch), Count: by[ch]})
	}
	p.Promise = NewRate(kept, requested, 100)
	return p, nil
}
