package dashboards

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed assets/*.js assets/*.css
var assetFS embed.FS

// Asset is one embedded static file served under a content-hash URL, so a browser may
// cache it forever and a new binary's file is fetched afresh.
type Asset struct {
	Name        string
	URL         string
	ContentType string
	Body        []byte
}

// Assets holds every embedded asset by name ("echarts.min.js") and by URL path.
type Assets struct {
	byName map[string]*Asset
	byURL  map[string]*Asset
}

// AssetPrefix is the URL path under which assets are served.
const AssetPrefix = "/assets/"

// LoadAssets reads the embedded files and computes their URLs; it fails on none.
func LoadAssets() (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}, byURL: map[string]*Asset{}}
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		return nil, fmt.Errorf("read embedded assets: %w", err)
	}
	for _, e := range entries {
		body, err := fs.ReadFile(assetFS, "assets/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read asset %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := mime.TypeByExtension(ext)
		if ext == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		as := &Asset{Name: e.Name(), URL: AssetPrefix + hashed, ContentType: ct, Body: body}
		a.byName[e.Name()] = as
		a.byURL[as.URL] = as
	}
	for _, need := range []string{"echarts.min.js", "app.css", "app.js"} {
		if a.byName[need] == nil {
			return nil, fmt.Errorf("embedded asset %s missing", need)
		}
	}
	return a, nil
}

// URL returns the content-hash URL of the named asset; an unknown name is a template bug
// caught by the start-up check.
func (a *Assets) URL(name string) string {
	if as := a.byName[name]; as != nil {
		return as.URL
	}
	panic("dashboards: unknown asset " + name)
}

// ByURL returns the asset served at the URL path, or nil.
func (a *Assets) ByURL(p string) *Asset { return a.byURL[p] }
