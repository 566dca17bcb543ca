package warehouse

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"fullemp/campaign"
	"fullemp/standard"
)

// Level is a region's place in the hierarchy.
type Level string

// The levels, top down. Groups sit between the city and its districts (SPEC §1).
const (
	LevelCity      Level = "city"
	LevelGroup     Level = "group"
	LevelDistrict  Level = "district"
	LevelStreet    Level = "street"
	LevelCommunity Level = "community"
)

// Region is one node of the hierarchy.
type Region struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Parent string `json:"parent,omitempty"`
	// Group is the district group of a district, street or community.
	Group string `json:"group,omitempty"`
	// Type and AssessedFrom are a community's.
	Type         string `json:"type,omitempty"`
	AssessedFrom int    `json:"assessed_from,omitempty"`
}

// Regions is the hierarchy built from the regions table.
type Regions struct {
	byCode      map[string]Region
	children    map[string][]string
	communities []standard.Community // sorted by code
}

// regionsTTL is how long a Store reuses the hierarchy it read; a refresh after regions were
// loaded in this process drops it at once.
const regionsTTL = 5 * time.Second

type cachedRegions struct {
	at   time.Time
	regs *Regions
}

// regionCache holds each Store's last hierarchy (*Store → cachedRegions).
var regionCache sync.Map

// Regions returns the hierarchy of the regions table (a few thousand rows at most), read
// again at most every few seconds.
func (s *Store) Regions(ctx context.Context) (*Regions, error) {
	if c, ok := regionCache.Load(s); ok && time.Since(c.(cachedRegions).at) < regionsTTL {
		return c.(cachedRegions).regs, nil
	}
	if err := s.ensureAggregates(ctx); err != nil {
		return nil, err
	}
	regs, err := s.readRegions(ctx)
	if err != nil {
		return nil, err
	}
	regionCache.Store(s, cachedRegions{time.Now(), regs})
	return regs, nil
}

// forgetRegions drops the Store's cached hierarchy.
func (s *Store) forgetRegions() { regionCache.Delete(s) }

func (s *Store) readRegions(ctx context.Context) (*Regions, error) {
	rows, err := s.Conn.Query(ctx, qRegions)
	if err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	defer rows.Close()
	var list []standard.Community
	for rows.Next() {
		var c standard.Community
		var from uint16
		if err := rows.Scan(&c.District, &c.DistrictName, &c.Group, &c.Street, &c.StreetName,
			&c.Code, &c.Name, &c.Type, &from); err != nil {
			return nil, fmt.Errorf("read regions: %w", err)
		}
		c.AssessedFrom = int(from)
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	return NewRegions(list), nil
}

// NewRegions builds the hierarchy from communities.
func NewRegions(list []standard.Community) *Regions {
	r := &Regions{byCode: map[string]Region{}, children: map[string][]string{}}
	add := func(reg Region) {
		if _, ok := r.byCode[reg.Code]; ok {
			return
		}
		r.byCode[reg.Code] = reg
		if reg.Level != LevelCity {
			r.children[reg.Parent] = append(r.children[reg.Parent], reg.Code)
		}
	}
	add(Region{Code: campaign.CityCode, Name: "杭州市", Level: LevelCity})
	for _, g := range campaign.DistrictGroups.Values() {
		add(Region{Code: g, Name: campaign.DistrictGroups.Chinese(g), Level: LevelGroup, Parent: campaign.CityCode, Group: g})
	}
	sorted := append([]standard.Community(nil), list...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Code < sorted[j].Code })
	for _, c := range sorted {
		add(Region{Code: c.District, Name: c.DistrictName, Level: LevelDistrict, Parent: c.Group, Group: c.Group})
		add(Region{Code: c.Street, Name: c.StreetName, Level: LevelStreet, Parent: c.District, Group: c.Group})
		add(Region{Code: c.Code, Name: c.Name, Level: LevelCommunity, Parent: c.Street, Group: c.Group,
			Type: c.Type, AssessedFrom: c.AssessedFrom})
	}
	r.communities = sorted
	for _, kids := range r.children {
		sort.Strings(kids)
	}
	return r
}

// Lookup returns the region with the code.
func (r *Regions) Lookup(code string) (Region, bool) {
	reg, ok := r.byCode[code]
	return reg, ok
}

// Children returns the region's children, sorted by code: the city's are the district
// groups, a group's its districts, and so on down to communities.
func (r *Regions) Children(code string) []Region {
	var out []Region
	for _, c := range r.children[code] {
		out = append(out, r.byCode[c])
	}
	return out
}

// Compared returns the regions a page or a bulletin compares within code: the city's
// districts (skipping the groups), else the region's children.
func (r *Regions) Compared(code string) []Region {
	reg, ok := r.byCode[code]
	if !ok || reg.Level != LevelCity {
		return r.Children(code)
	}
	var out []Region
	for _, g := range r.Children(code) {
		out = append(out, r.Children(g.Code)...)
	}
	return out
}

// Path returns the region and its ancestors, city first (for breadcrumbs).
func (r *Regions) Path(code string) []Region {
	var out []Region
	for reg, ok := r.byCode[code]; ok; reg, ok = r.byCode[reg.Parent] {
		out = append([]Region{reg}, out...)
		if reg.Level == LevelCity {
			break
		}
	}
	return out
}

// Contains reports whether the community (or street) code lies within the region.
func (r *Regions) Contains(region Region, code string) bool {
	switch region.Level {
	case LevelCity:
		return true
	case LevelGroup:
		if c, ok := r.byCode[code]; ok {
			return c.Group == region.Code
		}
		return false
	}
	return strings.HasPrefix(code, region.Code)
}

// Communities returns the communities within the region, sorted by code.
func (r *Regions) Communities(code string) []standard.Community {
	reg, ok := r.byCode[code]
	if !ok {
		return nil
	}
	var out []standard.Community
	for _, c := range r.communities {
		if r.Contains(reg, c.Code) {
			out = append(out, c)
		}
	}
	return out
}

// Streets returns the streets within the region, sorted by code.
func (r *Regions) Streets(code string) []Region {
	reg, ok := r.byCode[code]
	if !ok {
		return nil
	}
	var out []Region
	seen := map[string]bool{}
	for _, c := range r.communities {
		if !seen[c.Street] && r.Contains(reg, c.Street) {
			seen[c.Street] = true
			out = append(out, r.byCode[c.Street])
		}
	}
	return out
}

// region looks a code up or returns an error wrapping ErrUnknownRegion.
func (r *Regions) region(code string) (Region, error) {
	reg, ok := r.byCode[code]
	if !ok {
		return Region{}, fmt.Errorf("region %q: %w", code, ErrUnknownRegion)
	}
	return reg, nil
}
