package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// asset serves an embedded asset under its content-hash URL, cacheable for a year
// (compressed once for clients that accept it, see compressText).
func (s *Server) asset(c *fiber.Ctx) error {
	a := s.dash.Assets.ByURL(c.Path())
	if a == nil {
		return fiber.NewError(fiber.StatusNotFound, "no such asset")
	}
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Vary(fiber.HeaderAcceptEncoding)
	return c.Send(a.Body)
}

//go:embed openapi.yaml
var openAPIDoc []byte

// openAPI serves the API's description.
func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
	return c.Send(openAPIDoc)
}
