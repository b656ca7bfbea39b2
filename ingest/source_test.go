package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/diplograph/diplograph/ingest"
)

func TestFeedSourceItems(t *testing.T) {
	atom, err := os.ReadFile("testdata/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Indonesian President Prabowo Subianto held talks with Turkish President Recep Tayyip Erdogan in Ankara. ", 10)
	rss := `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title><language>en-us</language>
<item><title>Full</title><link>HOST/full?utm_source=rss</link><pubDate>Thu, 03 Apr 2025 15:00:00 +0300</pubDate><description><![CDATA[<p>` + long + `</p>]]></description></item>
<item><title>Cut</title><link>HOST/cut</link><dc:language>ar</dc:language><description>` + long + ` …</description></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.atom":
			w.Write(atom)
		case "/feed.rss":
			w.Write([]byte(strings.ReplaceAll(rss, "HOST", "http://"+r.Host)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	web := ingest.Web{Fetcher: ingest.NewFetcher(ingest.FetchOptions{}, nil)}
	ctx := context.Background()

	t.Run("atom-metadata-and-limit", func(t *testing.T) {
		b, err := ingest.FeedSource{Web: web, URL: srv.URL + "/feed.atom", MaxItems: 2, MaxBytes: 1 << 20}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Items) != 2 {
			t.Fatalf("%d items, want max_items 2", len(b.Items))
		}
		if want := srv.URL + "/ar/news/sisi-prabowo?utm_source=atom&utm_campaign=x#main"; b.Items[0].Source != want {
			t.Errorf("item source %q, want the link resolved against the feed, %q", b.Items[0].Source, want)
		}
		// the summaries are short: the pages are fetched, and this server has none
		_, err = b.Items[0].Load(ctx)
		var he *ingest.HTTPError
		if !errors.As(err, &he) || he.Status != 404 {
			t.Errorf("loading an item with a summary only: %v, want the page fetched (404 here)", err)
		}
	})
	t.Run("full-text-in-the-feed", func(t *testing.T) {
		b, err := ingest.FeedSource{Web: web, URL: srv.URL + "/feed.rss", Defaults: ingest.Document{Outlet: "Agency"}, MaxBytes: 1 << 20}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := b.Items[0].Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if doc.URL != srv.URL+"/full" || doc.Title != "Full" || doc.Published != "2025-04-03" || doc.Lang != "en" || doc.Outlet != "Agency" {
			t.Errorf("document %+v", doc)
		}
		if !strings.HasPrefix(doc.Text, "Indonesian President") || strings.Contains(doc.Text, "<p>") {
			t.Errorf("text %q, want the description as text", doc.Text[:60])
		}
		// a description cut with an ellipsis is a summary: the page is fetched
		_, err = b.Items[1].Load(ctx)
		var he *ingest.HTTPError
		if !errors.As(err, &he) || he.Status != 404 {
			t.Errorf("loading an item with a cut description: %v, want the page fetched (404 here)", err)
		}
	})
	t.Run("feed-unreachable", func(t *testing.T) {
		if _, err := (ingest.FeedSource{Web: web, URL: srv.URL + "/missing"}).List(ctx); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("error %v, want the 404", err)
		}
	})
}
