package dashboards

import "github.com/gofiber/fiber/v2"

// LoginPage renders the login form; notice is shown above it (a failed login).
func (d *Dashboards) LoginPage(c *fiber.Ctx, next, notice string) error {
	v := d.newView(c, T(LangOf(c), "login"))
	v.Next, v.Notice = next, notice
	return d.render(c, "login", v)
}
