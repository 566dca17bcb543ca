package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/readmodel"
)

// search: GET /api/v1/search?q=&limit= — districts, streets and communities of the
// caller's area whose name or code matches q (readmodel.Source.Search), each with its
// page's URL; the header's search box asks it for suggestions.
func (s *Server) search(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" || len([]rune(q)) > 60 {
		return fiberInvalid("q", q)
	}
	limit := readmodel.DefaultSearchLimit
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > readmodel.SearchLimit {
			return fiberInvalid("limit", l)
		}
		limit = n
	}
	found, more, err := s.src(c).Search(c.UserContext(), q, limit)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"query": q, "results": found, "more": more})
}
