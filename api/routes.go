package api

import (
	"github.com/gofiber/fiber/v2"
)

// routes lists every route of the app in one place. Everything but the login page, the
// assets, the health and readiness checks and the OpenAPI file requires a session cookie
// or a Bearer token (deny by default); what each route may read is then decided by
// readmodel.Source. Large text responses are compressed for clients that accept it
// (compressText); every request's database calls have a deadline (deadline).
func (s *Server) routes() {
	a := s.app
	a.Use(s.securityHeaders) // CSP with the response's nonce, nosniff, Referrer-Policy, no framing
	a.Use(s.compressText()...)
	a.Use(s.deadline)
	a.Get("/assets/:file", s.asset)
	a.Get("/healthz", s.healthz)
	a.Get("/readyz", s.readyz)
	a.Get("/api/v1/openapi.yaml", s.openAPI)
	a.Use(s.csrf) // every state-changing browser request: same origin and the session's token
	a.Get("/login", s.loginPage)
	a.Post("/login", s.login)

	a.Use(s.authenticate)
	a.Post("/logout", s.logout)

	// Pages.
	a.Get("/", s.dash.Home)
	a.Get("/region/:code", s.dash.Region)
	a.Get("/upload", s.uploadPage)
	a.Post("/upload", s.uploadFile)
	a.Get("/upload/template.xlsx", s.uploadTemplate)
	a.Get("/upload/:upload_id/rejections", s.uploadRejectionsPage)
	a.Get("/upload/:upload_id/rejections.xlsx", s.uploadRejectionsXLSX)
	a.Get("/audit", s.auditPage)
	a.Get("/audit/export.:format", s.auditExport)
	a.Get("/bulletins", s.bulletinsPage)
	a.Get("/bulletins/:region/:period", s.bulletinView)
	a.Get("/search", s.dash.SearchPage)

	// Exports: every page table as CSV or XLSX, same scope as the page.
	a.Get("/export/:table.:format", s.export)

	// JSON API.
	v1 := a.Group("/api/v1")
	v1.Get("/me", s.me)
	v1.Get("/months", s.months)
	v1.Get("/search", s.search)
	v1.Get("/targets", s.targets)
	v1.Get("/regions/:code", s.regionFigures)
	v1.Get("/regions/:code/children", s.children)
	v1.Get("/regions/:code/zero-employment", s.zeroSeries)
	v1.Get("/regions/:code/standards", s.standards)
	v1.Get("/regions/:code/progress", s.progress)
	v1.Get("/regions/:code/placements", s.placements)
	v1.Get("/regions/:code/missing", s.missing)
	v1.Get("/regions/:code/headline", s.headline)
	v1.Get("/communities/:code/households", s.households)
	v1.Get("/communities/:code/residents", s.residents)
	v1.Get("/communities/:code/verification", s.verification)
	v1.Get("/tables/:table", s.tableJSON)
	v1.Post("/upload", s.uploadFile)
	v1.Get("/uploads/:upload_id/rejections", s.uploadRejections)
	v1.Get("/uploads/:upload_id/rejections.xlsx", s.uploadRejectionsXLSX)
	v1.Get("/audit", s.auditJSON)
	v1.Get("/bulletins", s.bulletinList)
	v1.Get("/bulletins/:region/:period", s.bulletinGet)
	v1.Post("/bulletins/:region/:period/publish", s.bulletinPublish)
	v1.Use(func(c *fiber.Ctx) error { return fiber.NewError(fiber.StatusNotFound, "no such API route") })

	a.Use(func(c *fiber.Ctx) error { return fiber.NewError(fiber.StatusNotFound, "no such page") })
}
