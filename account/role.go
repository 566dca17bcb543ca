// Package account holds who may see what: users bound to a role and a region, their login
// sessions and API tokens, the scope check every region query goes through, and the audit
// trail of logins, person-level views and exports.
package account

import (
	"fmt"
	"strings"

	"fullemp/campaign"
)

// Role is what a user is responsible for; each role is bound to a region of its level.
type Role string

// The four roles, from the city leadership group down to a community's workers.
const (
	City      Role = "city"
	District  Role = "district"
	Street    Role = "street"
	Community Role = "community"
)

// Roles lists every role from the top of the hierarchy down.
var Roles = []Role{City, District, Street, Community}

// RegionLen is the length of a region code of the role's level (SPEC §1).
func (r Role) RegionLen() int {
	switch r {
	case City:
		return len(campaign.CityCode)
	case District:
		return 6
	case Street:
		return 9
	case Community:
		return 12
	}
	return 0
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return r.RegionLen() > 0 }

// SeesIDNumbers reports whether the role sees residents' full ID numbers: only the people
// who keep and check the ledger (community and street), not the district or the city.
func (r Role) SeesIDNumbers() bool { return r == Community || r == Street }

// CanUpload reports whether the role sends ledgers: community and street offices send
// their own; a district or the city sends one to move people between the areas below it
// (a row that would take a person out of an area the uploader cannot see is refused, so
// such a move needs the narrowest user whose area covers both). Every upload is scoped to
// the uploader's area.
func (r Role) CanUpload() bool { return r.Valid() }

// ParseRole reads a role name and checks that region is a code of its level.
func ParseRole(role, region string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(role)))
	if !r.Valid() {
		return "", fmt.Errorf("role %q: want city, district, street or community: %w", role, ErrInvalid)
	}
	if len(region) != r.RegionLen() || strings.Trim(region, "0123456789") != "" {
		return "", fmt.Errorf("region %q: a %s region code has %d digits: %w", region, r, r.RegionLen(), ErrInvalid)
	}
	if !strings.HasPrefix(region, campaign.CityCode) {
		return "", fmt.Errorf("region %q: not in the city %s: %w", region, campaign.CityCode, ErrInvalid)
	}
	return r, nil
}

// Principal is the user a request acts for.
type Principal struct {
	User   string `json:"user"`
	Role   Role   `json:"role"`
	Region string `json:"region"`
}

// Allows reports whether the region code is inside the principal's area: codes are
// hierarchical, so a region is in scope when its code starts with the principal's; a
// district group is in scope for the city only. The zero Principal allows nothing (deny
// by default).
func (p Principal) Allows(code string) bool {
	if p.Region == "" || !p.Role.Valid() || code == "" {
		return false
	}
	if _, isGroup := campaign.DistrictGroups.Parse(code); isGroup {
		// A district group (main_urban, …) spans several districts: the city's alone.
		return p.Role == City && p.Region == campaign.CityCode
	}
	return strings.HasPrefix(code, p.Region)
}

// Check returns ErrForbidden, naming the region, unless the principal may see it.
func (p Principal) Check(code string) error {
	if !p.Allows(code) {
		return fmt.Errorf("region %s is outside %s's area %s: %w", code, p.User, p.Region, ErrForbidden)
	}
	return nil
}
