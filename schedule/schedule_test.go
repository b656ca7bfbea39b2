package schedule_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/schedule"
	"github.com/diplograph/diplograph/store"
)

var tick0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func feedJob(w *web) string {
	return `
jobs:
  - name: wire
    every: 10m
    source: {type: feed, url: "` + w.url("/feed.xml") + `"}
    concurrency: 2
`
}

func TestFeedRunsExactlyOnce(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	c := &clock{now: tick0}
	r := newRunner(t, st, "a", c)
	job := jobs(t, feedJob(w))[0]
	ctx := context.Background()

	res := r.Run(ctx, job, tick0)
	if res.Err != nil || res.Run.Status != store.RunOK {
		t.Fatalf("first run: %+v", res)
	}
	if got := res.Run; got.New != 3 || got.Fetched != 3 || got.Failed != 0 {
		t.Errorf("first run counted %+v, want 3 fetched, 3 new", got)
	}
	recs, err := st.Read(ctx, `
		MATCH (a:Article)
		OPTIONAL MATCH (m:Meeting)-[:REPORTED_IN]->(a)
		OPTIONAL MATCH (g:Agreement)-[:REPORTED_IN]->(a)
		WITH a, count(DISTINCT m) AS meetings, count(DISTINCT g) AS agreements
		RETURN a.url AS url, a.title AS title, toString(a.published) AS published, a.lang AS lang, a.outlet AS outlet, meetings, agreements
		ORDER BY url`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"url": w.url("/news/prabowo-erdogan"), "title": "Prabowo, Erdogan hold talks in Ankara", "published": "2025-04-03", "lang": "en", "outlet": "Test Wire", "meetings": int64(1)},
		{"url": w.url("/news/ramaphosa-modi"), "title": "Ramaphosa meets Modi in New Delhi", "published": "2025-05-20", "lang": "en", "outlet": "Test Wire", "meetings": int64(1), "agreements": int64(1)},
		{"url": w.url("/news/sisi-prabowo"), "title": "السيسي يستقبل الرئيس الإندونيسي", "published": "2025-03-12", "lang": "ar", "outlet": "Test Wire", "meetings": int64(1), "agreements": int64(1)},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d articles, want %d", len(recs), len(want))
	}
	for i, rec := range recs {
		got := rec.AsMap()
		for k, v := range want[i] {
			if got[k] != v {
				t.Errorf("article %d: %s = %v, want %v", i, k, got[k], v)
			}
		}
	}
	if n := count(t, st, `MATCH (m:Meeting)-[:REPORTED_IN]->(:Article) RETURN count(DISTINCT m) AS n`, nil); n != 3 {
		t.Errorf("%d meetings, want 3", n)
	}
	if hits := w.get("/news/ramaphosa-modi").hits; hits != 0 {
		t.Errorf("the page of an item whose text is in the feed was fetched %d times", hits)
	}
	hash, nodes, rels := graphHash(t, st)

	c.set(tick0.Add(10 * time.Minute))
	res = r.Run(ctx, job, tick0.Add(10*time.Minute))
	if res.Err != nil || res.Run.Status != store.RunOK || res.Run.Unchanged != 3 || res.Run.New+res.Run.Updated != 0 {
		t.Fatalf("second run: %+v, want 3 unchanged", res)
	}
	if h, n, r := graphHash(t, st); h != hash || n != nodes || r != rels {
		t.Errorf("second run changed the graph: %d nodes %d rels, was %d %d", n, r, nodes, rels)
	}
	for _, p := range []string{"/news/sisi-prabowo", "/news/prabowo-erdogan"} {
		if got := w.get(p); got.notModified != 1 {
			t.Errorf("%s: %d answers 304 to %d requests, want the second run to ask conditionally", p, got.notModified, got.hits)
		}
	}
	if rs := runs(t, st, "wire"); len(rs) != 2 || rs[0]["status"] != "ok" || rs[1]["unchanged"] != int64(3) || rs[0]["finished"] == nil ||
		rs[0]["name"] != "wire · 2026-11-27T10:00Z · ok" {
		t.Errorf("runs recorded: %v", rs)
	}
}

func TestRetriesAndFailures(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	flaky := page("Prabowo and Erdogan hold talks", "en", "", article(t, "en-prabowo-erdogan.txt"))
	flaky.fail = []int{http.StatusInternalServerError}
	w.set("/news/prabowo-erdogan", flaky)
	w.set("/feed.xml", feed("en",
		item{title: "Sisi receives Prabowo", link: w.url("/news/sisi-prabowo"), pub: "Wed, 12 Mar 2025 12:00:00 +0200", lang: "ar"},
		item{title: "Prabowo, Erdogan hold talks", link: w.url("/news/prabowo-erdogan"), pub: "Thu, 03 Apr 2025 15:00:00 +0300"},
		item{title: "Deleted story", link: w.url("/news/deleted"), pub: "Thu, 03 Apr 2025 16:00:00 +0300"},
	))
	c := &clock{now: tick0}
	res := newRunner(t, st, "a", c).Run(context.Background(), jobs(t, feedJob(w))[0], tick0)

	if res.Err != nil || res.Run.Status != store.RunPartial || res.Run.New != 2 || res.Run.Failed != 1 {
		t.Fatalf("run: %+v, want partial with 2 new and 1 failed", res)
	}
	if got := w.get("/news/prabowo-erdogan").hits; got != 2 {
		t.Errorf("the page answering 500 then 200 was asked %d times, want 2", got)
	}
	rs := runs(t, st, "wire")
	if len(rs) != 1 {
		t.Fatalf("%d runs", len(rs))
	}
	fs := rs[0]["failures"].([]any)
	if len(fs) != 1 {
		t.Fatalf("failures linked to the run: %v", fs)
	}
	f := fs[0].(map[string]any)
	if f["source"] != w.url("/news/deleted") || f["job"] != "wire" || !strings.Contains(f["reason"].(string), "404") {
		t.Errorf("failure recorded as %v, want the 404 of /news/deleted", f)
	}
	if n := count(t, st, `MATCH (a:Article) RETURN count(a) AS n`, nil); n != 2 {
		t.Errorf("%d articles, want 2", n)
	}
}

func TestChangedArticleIsReplaced(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	c := &clock{now: tick0}
	r := newRunner(t, st, "a", c)
	job := jobs(t, feedJob(w))[0]
	ctx := context.Background()
	if res := r.Run(ctx, job, tick0); res.Run.Status != store.RunOK {
		t.Fatalf("first run: %+v", res)
	}
	articles := count(t, st, `MATCH (a:Article) RETURN count(a) AS n`, nil)

	// the agency corrects its story: same URL, new text, new ETag
	w.set("/news/prabowo-erdogan", page("Prabowo and Erdogan meet", "en", w.url("/news/prabowo-erdogan"), article(t, "en-prabowo-erdogan-v2.txt")))
	c.set(tick0.Add(10 * time.Minute))
	res := r.Run(ctx, job, tick0.Add(10*time.Minute))
	if res.Run.Status != store.RunOK || res.Run.Updated != 1 || res.Run.Unchanged != 2 {
		t.Fatalf("second run: %+v, want 1 updated and 2 unchanged", res)
	}
	if n := count(t, st, `MATCH (a:Article) RETURN count(a) AS n`, nil); n != articles {
		t.Errorf("%d articles after the update, want %d", n, articles)
	}
	if n := count(t, st, `MATCH (m:Meeting)-[:HELD_IN]->(:Place {name: 'Ankara'}) RETURN count(m) AS n`, nil); n != 0 {
		t.Errorf("the meeting in Ankara of the old version is still there")
	}
	if n := count(t, st, `
		MATCH (m:Meeting)-[:HELD_IN]->(:Place {name: 'Istanbul'})
		MATCH (m)-[:REPORTED_IN]->(a:Article {url: $url})
		RETURN count(m) AS n`, map[string]any{"url": w.url("/news/prabowo-erdogan")}); n != 1 {
		t.Errorf("%d meetings in Istanbul reported by the new version, want 1", n)
	}
	if n := orphans(t, st); n != 0 {
		t.Errorf("%d events reported by no article", n)
	}
}

func TestNeo4jLostMidRun(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	job := jobs(t, strings.Replace(feedJob(w), "concurrency: 2", "concurrency: 1", 1))[0]
	ctx := context.Background()

	// The graph an uninterrupted run makes.
	c := &clock{now: tick0}
	if res := newRunner(t, st, "direct", c).Run(ctx, job, tick0); res.Run.Status != store.RunOK {
		t.Fatalf("uninterrupted run: %+v", res)
	}
	want, _, _ := graphHash(t, st)
	neo4jtest.Reset(t, st)

	// The same through a proxy that goes down when the second article is
	// fetched, after the first was written.
	opts := neo4jtest.Options()
	px := startProxy(t, hostPort(t, opts.URI))
	opts.URI = "bolt://" + px.addr
	pst, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer pst.Close(ctx)
	res := w.get("/news/prabowo-erdogan")
	var once sync.Once
	res.onRequest = func() { once.Do(px.down) }
	w.set("/news/prabowo-erdogan", &res)
	// Writing an article is given 5s: the driver retries a refused
	// connection until then, which is how long the test waits for the loss.
	r := newRunnerTimeout(t, pst, "proxied", c, 5*time.Second)
	c.set(tick0.Add(time.Hour))
	lost := r.Run(ctx, job, tick0.Add(time.Hour))
	if lost.Run.Status != store.RunFailed || !strings.Contains(lost.Run.Error, store.ErrUnavailable.Error()) {
		t.Fatalf("run that lost Neo4j: %+v, want failed with %q", lost.Run, store.ErrUnavailable)
	}
	if n := count(t, st, `MATCH (a:Article) RETURN count(a) AS n`, nil); n != 1 {
		t.Errorf("%d articles written before Neo4j was lost, want 1", n)
	}

	// Neo4j is back: the next run completes, and records the lost one.
	px.up(t)
	c.set(tick0.Add(2 * time.Hour))
	next := r.Run(ctx, job, tick0.Add(2*time.Hour))
	if next.Err != nil || next.Run.Status != store.RunOK {
		t.Fatalf("run after Neo4j came back: %+v", next)
	}
	if got, _, _ := graphHash(t, st); got != want {
		t.Errorf("the graph after the lost run and the next one differs from the graph of an uninterrupted run")
	}
	rs := runs(t, st, "wire")
	if len(rs) != 2 {
		t.Fatalf("%d runs recorded, want 2", len(rs))
	}
	if rs[0]["id"] != lost.Run.ID || rs[0]["status"] != "failed" || rs[0]["finished"] == nil || !strings.Contains(rs[0]["error"].(string), "abandoned") {
		t.Errorf("the lost run is recorded as %v, want failed (abandoned)", rs[0])
	}
	if rs[1]["status"] != "ok" {
		t.Errorf("the next run is recorded as %v", rs[1])
	}
}

func TestTwoSchedulersRunEachJobOncePerTick(t *testing.T) {
	st := neo4jtest.New(t)
	other, err := store.Open(context.Background(), neo4jtest.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	w := newWeb(t)
	threeItems(t, w)
	w.set("/news/lula-ramaphosa", page("Lula receives Ramaphosa", "en", "", article(t, "en-lula-ramaphosa.txt")))
	js := jobs(t, feedJob(w)+`
  - name: pages
    schedule: "*/10 * * * *"
    source:
      type: urls
      urls: ["`+w.url("/news/lula-ramaphosa")+`", "`+w.url("/news/sisi-prabowo")+`"]
`)
	c := &clock{now: tick0}
	a := schedule.NewScheduler(newRunner(t, st, "scheduler-a", c), js, schedule.SchedulerOptions{Now: c.Now})
	b := schedule.NewScheduler(newRunner(t, other, "scheduler-b", c), js, schedule.SchedulerOptions{Now: c.Now})
	ctx := context.Background()

	perTick := func(tick time.Time) {
		t.Helper()
		var ra, rb []schedule.Result
		var wg sync.WaitGroup
		wg.Go(func() { ra = a.RunOnce(ctx, tick) })
		wg.Go(func() { rb = b.RunOnce(ctx, tick) })
		wg.Wait()
		for i, j := range js {
			ran := 0
			for _, r := range []schedule.Result{ra[i], rb[i]} {
				if r.Err != nil {
					t.Errorf("%s: %v", j.Name, r.Err)
				}
				if r.Skipped == "" {
					ran++
				} else if r.Skipped != schedule.SkipLease {
					t.Errorf("%s skipped for %q, want %q", j.Name, r.Skipped, schedule.SkipLease)
				}
			}
			if ran != 1 {
				t.Errorf("tick %s: %s ran %d times, want once", tick.Format(time.TimeOnly), j.Name, ran)
			}
		}
		// a scheduler late for the tick does not run it again
		for _, r := range b.RunOnce(ctx, tick) {
			if r.Skipped != schedule.SkipLease {
				t.Errorf("%s ran again for a tick already run: %+v", r.Job, r)
			}
		}
	}
	perTick(tick0)
	c.set(tick0.Add(10 * time.Minute))
	perTick(tick0.Add(10 * time.Minute))
	for _, j := range js {
		if rs := runs(t, st, j.Name); len(rs) != 2 {
			t.Errorf("%s: %d runs recorded for 2 ticks, want 2", j.Name, len(rs))
		}
	}
}

func TestFolderSkipsUnchangedFiles(t *testing.T) {
	st := neo4jtest.New(t)
	dir := t.TempDir()
	write := func(name, text string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Date(2025, 4, 3, 12, 0, 0, 0, time.UTC)
	write("2025-03-12-sisi-prabowo.txt", article(t, "ar-sisi-prabowo.txt"), old)
	write("2025-04-03-prabowo-erdogan.txt", article(t, "en-prabowo-erdogan.txt"), old)
	write("notes.bin", "not a text file", old)
	job := jobs(t, `
jobs:
  - name: inbox
    schedule: "@hourly"
    source: {type: folder, path: "`+dir+`"}
    outlet: Test Wire
`)[0]
	c := &clock{now: tick0}
	r := newRunner(t, st, "a", c)
	ctx := context.Background()

	steps := []struct {
		name   string
		change func()
		want   store.Run
	}{
		{"first-run-reads-all", func() {}, store.Run{Fetched: 2, New: 2}},
		{"unchanged-files-not-read", func() {}, store.Run{Unchanged: 2}},
		{"touched-file-read-but-unchanged", func() { write("2025-03-12-sisi-prabowo.txt", article(t, "ar-sisi-prabowo.txt"), old.Add(time.Hour)) },
			store.Run{Fetched: 1, Unchanged: 2}},
		{"edited-file-replaces-its-article", func() {
			write("2025-04-03-prabowo-erdogan.txt", article(t, "en-prabowo-erdogan-v2.txt"), old.Add(2*time.Hour))
		},
			store.Run{Fetched: 1, Updated: 1, Unchanged: 1}},
	}
	for i, s := range steps {
		s.change()
		tick := tick0.Add(time.Duration(i) * time.Hour)
		c.set(tick)
		res := r.Run(ctx, job, tick)
		got := res.Run
		if got.Status != store.RunOK || got.Fetched != s.want.Fetched || got.New != s.want.New || got.Unchanged != s.want.Unchanged || got.Updated != s.want.Updated {
			t.Errorf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
	if n := count(t, st, `MATCH (a:Article {outlet: 'Test Wire'}) RETURN count(a) AS n`, nil); n != 2 {
		t.Errorf("%d articles, want 2", n)
	}
	if n := orphans(t, st); n != 0 {
		t.Errorf("%d events reported by no article", n)
	}
}

func TestShutdownFinishesArticleInFlight(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	job := jobs(t, strings.Replace(feedJob(w), "concurrency: 2", "concurrency: 1", 1))[0]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// SIGTERM arrives while the second article is being fetched.
	res := w.get("/news/prabowo-erdogan")
	res.onRequest = cancel
	w.set("/news/prabowo-erdogan", &res)
	c := &clock{now: tick0}
	got := newRunner(t, st, "a", c).Run(ctx, job, tick0)
	if got.Run.Status != store.RunFailed || !strings.Contains(got.Run.Error, "shutting down") {
		t.Fatalf("run stopped by shutdown: %+v", got.Run)
	}
	rs := runs(t, st, "wire")
	if len(rs) != 1 || rs[0]["status"] != "failed" || rs[0]["finished"] == nil {
		t.Errorf("run recorded as %v, want failed and finished", rs)
	}
	// whatever was started is whole: articles written have their events
	if n := count(t, st, `MATCH (a:Article) WHERE NOT ()-[:REPORTED_IN]->(a) RETURN count(a) AS n`, nil); n != 0 {
		t.Errorf("%d articles without their events", n)
	}
	if n := count(t, st, `MATCH (l:Lease {job: 'wire'}) WHERE l.until > $now RETURN count(l) AS n`, map[string]any{"now": tick0}); n != 0 {
		t.Errorf("the lease is still held after the run")
	}
}

func TestOverlappingRunIsSkipped(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	started, release := make(chan struct{}), make(chan struct{})
	res := w.get("/news/sisi-prabowo")
	var once sync.Once
	res.onRequest = func() {
		once.Do(func() { close(started) })
		<-release
	}
	w.set("/news/sisi-prabowo", &res)
	job := jobs(t, feedJob(w))[0]
	c := &clock{now: tick0}
	r := newRunner(t, st, "a", c)
	ctx := context.Background()
	var first schedule.Result
	var wg sync.WaitGroup
	wg.Go(func() { first = r.Run(ctx, job, tick0) })
	<-started
	c.set(tick0.Add(10 * time.Minute))
	second := r.Run(ctx, job, tick0.Add(10*time.Minute))
	close(release)
	wg.Wait()
	if second.Skipped != schedule.SkipOverlap {
		t.Errorf("run overlapping the previous one: %+v, want skipped", second)
	}
	if first.Run.Status != store.RunOK {
		t.Errorf("first run: %+v", first.Run)
	}
	if rs := runs(t, st, "wire"); len(rs) != 1 {
		t.Errorf("%d runs recorded, want 1", len(rs))
	}
}

func TestSchedulerFiresTicksAndSkipsMissedOnes(t *testing.T) {
	st := neo4jtest.New(t)
	w := newWeb(t)
	threeItems(t, w)
	c := &clock{now: tick0.Add(time.Second)}
	metrics := schedule.NewMetrics(nil)
	r := schedule.NewRunner(schedule.Options{Store: st, Pipeline: ingest.NewPipeline(st, testLexicon(t), nil),
		Fetcher: ingest.NewFetcher(ingest.FetchOptions{}, nil), Metrics: metrics, Holder: "a", Now: c.Now})
	waiting := make(chan time.Duration)
	fire := make(chan time.Time)
	s := schedule.NewScheduler(r, jobs(t, feedJob(w)), schedule.SchedulerOptions{Now: c.Now,
		After: func(d time.Duration) <-chan time.Time { waiting <- d; return fire }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()

	if d := <-waiting; d != 10*time.Minute-time.Second {
		t.Errorf("first wait %s, want until the next round 10 minutes", d)
	}
	// The run takes so long that the clock is 35 minutes on when it ends:
	// the ticks of :20 and :30 have passed and are skipped, not run late.
	c.set(tick0.Add(35 * time.Minute))
	fire <- c.Now()
	if d := <-waiting; d != 5*time.Minute {
		t.Errorf("second wait %s, want 5m until :40", d)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(metrics.Skipped.WithLabelValues("wire", schedule.SkipOverlap)); got != 2 {
		t.Errorf("%v ticks counted as skipped, want 2", got)
	}
	if got := testutil.ToFloat64(metrics.Ingested.WithLabelValues("wire")); got != 3 {
		t.Errorf("%v articles counted as ingested, want 3", got)
	}
	if got := testutil.ToFloat64(metrics.LastSuccess.WithLabelValues("wire")); got != float64(tick0.Add(35*time.Minute).Unix()) {
		t.Errorf("last success %v, want the end of the run", got)
	}
	if rs := runs(t, st, "wire"); len(rs) != 1 {
		t.Errorf("%d runs recorded, want 1", len(rs))
	}
}
