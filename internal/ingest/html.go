package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// HTML pages are reduced to their article text by go-readability
// (codeberg.org/readeck/go-readability/v2), the maintained successor of
// github.com/go-shiori/go-readability (archived in 2025) and a line-by-line
// port of Mozilla's Readability.js, the reader view of Firefox. It scores
// the page's blocks and keeps the article, dropping menus, navigation,
// sidebars, footers, scripts and styles, which a tag-based filter alone
// gets wrong on real pages. Its text rendering keeps paragraphs apart.
// Pages where it finds no article fall back to the text of <body> without
// scripts, styles, navigation, headers, footers, asides and forms.

// reMetaCharset finds the charset a page declares in its first KiB, as
// browsers do (<meta charset=...> or the http-equiv Content-Type form).
var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([a-z0-9_.:-]+)`)

// parseHTML reads an HTML page as one document.
func parseHTML(id, path string, b []byte) (d *Document, err error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, badInput(path, 0, nil, "empty file")
	}
	if enc, name, certain := charset.DetermineEncoding(b, ""); certain && name != "utf-8" {
		// a UTF-16 byte-order mark
		u, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return nil, badInput(path, 0, err, fmt.Sprintf("cannot decode %s: %v", name, err))
		}
		b = u
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, badInput(path, 0, nil, fmt.Sprintf("binary data (NUL byte at offset %d)", i))
	}
	if i := invalidUTF8(b); i >= 0 {
		// A page may declare another charset; only a declared one is
		// trusted, never a guess.
		m := reMetaCharset.FindSubmatch(b[:min(len(b), 1024)])
		if m == nil {
			return nil, badInput(path, 0, nil, fmt.Sprintf("not UTF-8 text (invalid byte 0x%02x at offset %d) and no charset declared", b[i], i))
		}
		enc, name := charset.Lookup(string(m[1]))
		if enc == nil || name == "utf-8" {
			return nil, badInput(path, 0, nil, fmt.Sprintf("not %s text (invalid byte 0x%02x at offset %d)", m[1], b[i], i))
		}
		u, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return nil, badInput(path, 0, err, fmt.Sprintf("cannot decode %s: %v", name, err))
		}
		b = u
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, badInput(path, 0, err, "malformed HTML: "+err.Error())
	}
	text, meta, err := articleText(doc)
	if err != nil {
		return nil, badInput(path, 0, err, err.Error())
	}
	if strings.TrimSpace(text) == "" {
		return nil, badInput(path, 0, nil, "no article text (the page holds only scripts, styles, navigation or markup)")
	}
	return parse(id, path, 0, text, meta)
}

// articleText extracts the article and its metadata from a parsed page.
func articleText(doc *html.Node) (text string, meta Meta, err error) {
	defer func() {
		// go-readability walks arbitrary DOMs; a bug there must not take
		// the batch down.
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot extract article text (readability: %v)", r)
		}
	}()
	meta = pageMeta(doc)
	parser := readability.NewParser()
	art, rerr := parser.ParseDocument(doc, nil) // on a copy: bodyText may need doc
	if rerr == nil {
		if meta.Title == "" {
			meta.Title = art.Title()
		}
		if meta.Published.IsZero() {
			if t, err := art.PublishedTime(); err == nil {
				meta.Published = dateOnly(t)
			}
		}
		if meta.Source == "" {
			meta.Source = art.SiteName()
		}
		if art.Node != nil {
			text = render.InnerText(art.Node)
		}
	}
	if strings.TrimSpace(text) == "" {
		text = bodyText(doc)
	}
	return text, meta, nil
}

// pageMeta reads the publication date, title, site name and canonical
// address from meta and link tags, which readability does not all expose.
func pageMeta(doc *html.Node) Meta {
	var m Meta
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				content := attr(n, "content")
				switch key {
				case "article:published_time", "datepublished", "pubdate", "publishdate", "date",
					"dc.date.issued", "dcterms.issued", "sailthru.date", "parsely-pub-date":
					if m.Published.IsZero() {
						m.Published, _ = ParseDate(content)
					}
				case "og:title":
					m.Title = content
				case "og:site_name":
					m.Source = content
				case "og:url":
					if m.URL == "" {
						m.URL = content
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					m.URL = attr(n, "href")
				}
			case atom.Body:
				return // metadata lives in <head>
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !strings.HasPrefix(m.URL, "http://") && !strings.HasPrefix(m.URL, "https://") {
		m.URL = ""
	}
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// bodyText is the fallback extraction: the page's text without the parts
// that are never article text.
func bodyText(doc *html.Node) string {
	var drop func(*html.Node)
	drop = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode || c.Type == html.ElementNode && skipElement(c) {
				n.RemoveChild(c)
			} else {
				drop(c)
			}
			c = next
		}
	}
	drop(doc)
	return render.InnerText(doc)
}

func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Header,
		atom.Footer, atom.Aside, atom.Form, atom.Button, atom.Select, atom.Svg, atom.Iframe, atom.Menu:
		return true
	}
	role := strings.ToLower(attr(n, "role"))
	return role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary"
}
