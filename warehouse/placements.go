package warehouse

import (
	"context"
	"time"

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
	out, err := s.placementsOf(ctx, regs, reg, []Region{reg}, from, to)
	if err != nil {
		return Placements{}, err
	}
	return out[0], nil
}
