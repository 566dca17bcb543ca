package readmodel

import (
	"context"
	"strings"

	"fullemp/campaign"
	"fullemp/warehouse"
)

// SearchResult is a region the header's search box found: its page and where it lies.
type SearchResult struct {
	Code  string          `json:"code"`
	Name  string          `json:"name"`
	Level warehouse.Level `json:"level"`
	// Path names the regions above it, district first (上城区 › 湖滨街道).
	Path string `json:"path"`
	URL  string `json:"url"`
}

// SearchLimit bounds a search's answer (and DefaultSearchLimit is what the header's
// suggestions ask for).
const (
	SearchLimit        = 50
	DefaultSearchLimit = 20
)

// Search finds districts, streets and communities by name or code within the principal's
// area only (warehouse.Regions.Search); more says whether others matched beyond limit.
func (s Source) Search(ctx context.Context, q string, limit int) ([]SearchResult, bool, error) {
	if !s.p.Role.Valid() || s.p.Region == "" {
		return nil, false, s.p.Check(campaign.CityCode)
	}
	regs, err := Cached(ctx, s.d, "regions", s.d.wh.Regions)
	if err != nil {
		return nil, false, err
	}
	limit = min(max(limit, 1), SearchLimit)
	found, more := regs.Search(q, s.p.Region, limit)
	out := []SearchResult{}
	for _, r := range found {
		if !s.p.Allows(r.Code) { // Search keeps to the area already; the scope check has the last word
			continue
		}
		var above []string
		for _, p := range regs.Path(r.Code) {
			if p.Code != r.Code && (p.Level == warehouse.LevelDistrict || p.Level == warehouse.LevelStreet) {
				above = append(above, p.Name)
			}
		}
		out = append(out, SearchResult{Code: r.Code, Name: r.Name, Level: r.Level, Path: strings.Join(above, " › "), URL: "/region/" + r.Code})
	}
	return out, more, nil
}
