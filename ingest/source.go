package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/mmcdole/gofeed"

	"github.com/diplograph/diplograph/store"
)

// An Item is one input of a batch: listing a source is cheap and reading
// its items is not, so an item is read when Load is called, which lets a
// batch be read in parallel and stop between items.
type Item struct {
	Source string // URL or path, for progress, logs and failures
	// Load reads the document. It returns ErrNotModified when the input is
	// known to be unchanged since it was last ingested (an HTTP 304, a file
	// of the same size and time), without reading it.
	Load func(ctx context.Context) (Document, error)
	// Commit, if not nil, remembers what Load learnt (HTTP validators, a
	// file's size and time). It is called for every item that did not fail,
	// once its document is in the graph, so that an input whose ingestion
	// failed is read again next time.
	Commit func(ctx context.Context) error
}

// A Batch is what a source has to read this time.
type Batch struct {
	Items []Item
	// Done, if not nil, is called after every item was ingested without
	// failure: a feed then remembers its own validators, so that a feed
	// whose items failed is asked again in full.
	Done func(ctx context.Context) error
}

// A Source lists inputs to ingest.
type Source interface {
	List(ctx context.Context) (Batch, error)
}

// Web reads pages and feeds over HTTP. With a store it remembers each URL's
// validators (ETag, Last-Modified) in the graph and asks conditionally.
type Web struct {
	Fetcher *Fetcher
	Memory  *store.Store // nil: no conditional requests
}

func (w Web) validators(ctx context.Context, u string) (Validators, error) {
	if w.Memory == nil {
		return Validators{}, nil
	}
	v, err := w.Memory.Validators(ctx, u)
	return Validators{ETag: v.ETag, LastModified: v.LastModified}, err
}

func (w Web) remember(ctx context.Context, u string, v Validators) error {
	if w.Memory == nil || (v.ETag == "" && v.LastModified == "") {
		return nil
	}
	return w.Memory.SaveValidators(ctx, u, store.Validators{ETag: v.ETag, LastModified: v.LastModified})
}

// PageItem is an item that fetches the page at rawURL and turns it into an
// article with readability. Fields of meta that are set (from a feed item
// or a job) win over what the page says, but the page's canonical URL wins
// over meta.URL.
func (w Web) PageItem(rawURL string, meta Document, maxBytes int64) Item {
	var got Validators
	return Item{
		Source: rawURL,
		Load: func(ctx context.Context) (Document, error) {
			v, err := w.validators(ctx, rawURL)
			if err != nil {
				return Document{Source: rawURL}, err
			}
			resp, err := w.Fetcher.Get(ctx, rawURL, v, maxBytes)
			if err != nil {
				return Document{Source: rawURL}, err
			}
			if resp.NotModified {
				return Document{Source: rawURL}, ErrNotModified
			}
			got = resp.Validators
			doc, err := PageDocument(resp.Body, resp.ContentType, resp.URL, maxBytes)
			doc.Source = rawURL
			return merge(meta, doc), err
		},
		Commit: func(ctx context.Context) error { return w.remember(ctx, rawURL, got) },
	}
}

// merge fills doc with the fields of meta that are set.
func merge(meta, doc Document) Document {
	if meta.Title != "" {
		doc.Title = meta.Title
	}
	if meta.Lang != "" {
		doc.Lang = meta.Lang
	}
	if meta.Published != "" {
		doc.Published = meta.Published
	}
	if meta.Outlet != "" {
		doc.Outlet = meta.Outlet
	}
	if doc.URL == "" {
		doc.URL = meta.URL
	}
	return doc
}

// URLSource reads a list of pages.
type URLSource struct {
	Web      Web
	URLs     []string
	Defaults Document // Lang and Outlet, when the job knows them
	MaxItems int      // 0: all
	MaxBytes int64
}

// List returns one item per URL.
func (s URLSource) List(ctx context.Context) (Batch, error) {
	var b Batch
	for _, u := range s.URLs {
		if s.MaxItems > 0 && len(b.Items) >= s.MaxItems {
			break
		}
		b.Items = append(b.Items, s.Web.PageItem(u, Document{Lang: s.Defaults.Lang, Outlet: s.Defaults.Outlet}, s.MaxBytes))
	}
	return b, nil
}

// FeedSource reads an RSS, Atom or JSON feed. An item whose description
// (or content) holds the whole article is used as it is; for the others
// the linked page is fetched.
type FeedSource struct {
	Web      Web
	URL      string
	Defaults Document // Lang and Outlet; they win over what the feed says
	MaxItems int
	MaxBytes int64
	// MinWords is how long a description must be to be taken for the full
	// text; 100 when zero. Summaries are a sentence or two, articles more.
	MinWords int
}

// List fetches the feed and returns its items, newest first as the feed
// gives them. A feed unchanged since the last complete run has no items.
func (s FeedSource) List(ctx context.Context) (Batch, error) {
	v, err := s.Web.validators(ctx, s.URL)
	if err != nil {
		return Batch{}, err
	}
	resp, err := s.Web.Fetcher.Get(ctx, s.URL, v, s.MaxBytes)
	if err != nil {
		return Batch{}, fmt.Errorf("feed: %w", err)
	}
	if resp.NotModified {
		return Batch{}, nil
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return Batch{}, fmt.Errorf("feed %s: %w", s.URL, err)
	}
	minWords := s.MinWords
	if minWords <= 0 {
		minWords = 100
	}
	outlet := s.Defaults.Outlet
	if outlet == "" {
		outlet = strings.TrimSpace(feed.Title)
	}
	lang := s.Defaults.Lang
	if lang == "" {
		lang = langCode(feed.Language)
	}
	var b Batch
	var ok atomic.Int64
	for _, it := range feed.Items {
		if s.MaxItems > 0 && len(b.Items) >= s.MaxItems {
			break
		}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link != "" {
			if u, err := resp.URL.Parse(link); err == nil {
				link = u.String() // relative links are relative to the feed
			}
		}
		meta := Document{Title: strings.TrimSpace(it.Title), Lang: lang, Outlet: outlet}
		if s.Defaults.Lang == "" && it.DublinCoreExt != nil && len(it.DublinCoreExt.Language) > 0 {
			// an item's own dc:language beats its feed's, for feeds in two languages
			if l := langCode(it.DublinCoreExt.Language[0]); l != "" {
				meta.Lang = l
			}
		}
		if t := it.PublishedParsed; t != nil {
			meta.Published = t.Format("2006-01-02")
		} else if t := it.UpdatedParsed; t != nil {
			meta.Published = t.Format("2006-01-02")
		}
		if c, err := CanonicalURL(link); err == nil {
			meta.URL = c
		}
		var item Item
		if text := fullText(it, minWords); text != "" || link == "" {
			item = s.inline(it, link, meta, text)
		} else {
			item = s.Web.PageItem(link, meta, s.MaxBytes)
		}
		commit := item.Commit
		item.Commit = func(ctx context.Context) error {
			ok.Add(1)
			if commit != nil {
				return commit(ctx)
			}
			return nil
		}
		b.Items = append(b.Items, item)
	}
	n := int64(len(b.Items))
	b.Done = func(ctx context.Context) error {
		if ok.Load() != n {
			return nil
		}
		return s.Web.remember(ctx, s.URL, resp.Validators)
	}
	return b, nil
}

// inline is an item whose text came with the feed.
func (s FeedSource) inline(it *gofeed.Item, link string, meta Document, text string) Item {
	source := link
	if source == "" {
		source = s.URL + "#" + firstNonEmpty(it.GUID, it.Title)
	}
	return Item{Source: source, Load: func(ctx context.Context) (Document, error) {
		doc := meta
		doc.Source = source
		if text == "" {
			return doc, &InputError{Source: source, Err: fmt.Errorf("%w: the feed item has no link and no full text", ErrEmpty), Offset: -1}
		}
		if int64(len(text)) > s.MaxBytes && s.MaxBytes > 0 {
			return doc, &InputError{Source: source, Err: fmt.Errorf("%w of %d bytes", ErrTooLarge, s.MaxBytes), Offset: -1}
		}
		var err error
		doc.Text, err = CheckText([]byte(text), source)
		return doc, err
	}}
}

// fullText returns the item's text when the feed carries the whole
// article: long enough, and not cut off with an ellipsis or "read more".
func fullText(it *gofeed.Item, minWords int) string {
	for _, s := range []string{it.Content, it.Description} {
		text := fragmentText(s)
		if len(strings.Fields(text)) < minWords {
			continue
		}
		tail := strings.ToLower(strings.TrimSpace(text[max(0, len(text)-40):]))
		if strings.HasSuffix(tail, "…") || strings.HasSuffix(tail, "...") || strings.HasSuffix(tail, "[…]") ||
			strings.HasSuffix(tail, "read more") || strings.HasSuffix(tail, "continue reading") {
			continue
		}
		return text
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// isHTTP reports whether s is an http or https URL.
func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// IsURL reports whether an argument names a web page rather than a file.
func IsURL(arg string) bool { return isHTTP(arg) }
