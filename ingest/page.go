package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// minPageWords is the fewest words a page's text must have to be taken for
// an article; the shortest agency items have a few dozen.
const minPageWords = 15

// PageDocument turns a fetched HTML page into an article: readability finds
// the article's text among menus, ads and comments, and the page's
// <link rel=canonical> gives its URL when it has one. The fields of the
// returned document are what the page says; callers fill in what it does
// not from their own knowledge (a feed item, a job). A maxBytes above zero
// limits the article's text.
func PageDocument(body []byte, contentType string, page *url.URL, maxBytes int64) (Document, error) {
	src := page.String()
	doc := Document{Source: src}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return doc, &InputError{Source: src, Err: fmt.Errorf("character set of %q: %w", contentType, err), Offset: -1}
	}
	root, err := html.Parse(r)
	if err != nil {
		return doc, &InputError{Source: src, Err: fmt.Errorf("parse HTML: %w", err), Offset: -1}
	}
	doc.URL = canonicalOf(root, page)
	art, err := readability.FromDocument(root, page)
	if err != nil {
		return doc, &InputError{Source: src, Err: fmt.Errorf("readability: %w", err), Offset: -1}
	}
	if art.Node == nil {
		return doc, &InputError{Source: src, Err: fmt.Errorf("%w: readability found no article in the page", ErrEmpty), Offset: -1}
	}
	var text strings.Builder
	if err := art.RenderText(&text); err != nil {
		return doc, &InputError{Source: src, Err: fmt.Errorf("render text: %w", err), Offset: -1}
	}
	if maxBytes > 0 && int64(text.Len()) > maxBytes {
		return doc, &InputError{Source: src, Err: fmt.Errorf("%w of %d bytes", ErrTooLarge, maxBytes), Offset: -1}
	}
	if doc.Text, err = CheckText([]byte(text.String()), src); err != nil {
		return doc, err
	}
	if n := len(strings.Fields(doc.Text)); n < minPageWords {
		// what readability keeps of a page without an article: a menu, a caption
		return doc, &InputError{Source: src, Err: fmt.Errorf("%w: %d words are not an article", ErrEmpty, n), Offset: -1}
	}
	doc.Title = strings.TrimSpace(art.Title())
	doc.Lang = langCode(art.Language())
	doc.Outlet = strings.TrimSpace(art.SiteName())
	if t, err := art.PublishedTime(); err == nil {
		doc.Published = t.Format("2006-01-02")
	}
	return doc, nil
}

// canonicalOf returns the page's <link rel=canonical> resolved against the
// page, or the page's own URL, in canonical form.
func canonicalOf(root *html.Node, page *url.URL) string {
	var href string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return false // <link> belongs in <head>; one in the body is not the author's
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Link {
			var rel, h string
			for _, a := range n.Attr {
				switch strings.ToLower(a.Key) {
				case "rel":
					rel = strings.ToLower(a.Val)
				case "href":
					h = a.Val
				}
			}
			if h != "" && strings.Contains(" "+rel+" ", " canonical ") {
				href = h
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(root)
	if href != "" {
		if u, err := page.Parse(href); err == nil {
			if c, err := CanonicalURL(u.String()); err == nil {
				return c
			}
		}
	}
	c, err := CanonicalURL(page.String())
	if err != nil {
		return page.String()
	}
	return c
}

// fragmentText renders an HTML fragment (a feed item's description) as the
// text a browser shows, paragraphs on their own lines.
func fragmentText(s string) string {
	if !strings.Contains(s, "<") && !strings.Contains(s, "&") {
		return strings.TrimSpace(s)
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return strings.TrimSpace(s)
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	return strings.TrimSpace(render.InnerText(ctx))
}

// langCode maps a language tag (ar-EG, en_US) to the languages the
// extractor reads; others are left to detection.
func langCode(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	for _, l := range []string{"ar", "en"} {
		if t == l || strings.HasPrefix(t, l+"-") || strings.HasPrefix(t, l+"_") {
			return l
		}
	}
	return ""
}
