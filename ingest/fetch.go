package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// UserAgent names diplograph to the sites it reads, with where to find out
// who runs it.
const UserAgent = "diplograph/0.1 (+https://github.com/diplograph/diplograph)"

// FetchOptions configure a Fetcher. Zero fields take the documented default.
type FetchOptions struct {
	Client    *http.Client  // a client with its own transport; timeouts are set per request
	Timeout   time.Duration // one attempt, headers and body; 30s
	MaxBytes  int64         // largest body accepted; 5 MiB
	Retries   int           // further attempts after a 5xx or network error; 3 (-1 for none)
	Backoff   time.Duration // delay before the first retry, doubled each time; 500ms
	MaxDelay  time.Duration // longest delay between attempts; 30s
	PerHost   int           // requests in flight to one host; 2
	UserAgent string        // UserAgent

	// Sleep waits between attempts; tests pass one that does not sleep.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1); rand.Float64 by default.
	Jitter func() float64
}

// Fetcher gets pages and feeds politely: a time limit, a size limit,
// retries with exponential backoff and jitter on server and network errors
// (never on 4xx: asking again will not help), conditional requests, and a
// limit on concurrent requests per host. It is safe for concurrent use.
type Fetcher struct {
	o   FetchOptions
	log *slog.Logger

	mu    sync.Mutex
	hosts map[string]chan struct{} // per-host semaphores
}

// NewFetcher returns a fetcher with the options o.
func NewFetcher(o FetchOptions, log *slog.Logger) *Fetcher {
	if o.Client == nil {
		o.Client = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 30 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   4,
		}}
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 5 << 20
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 30 * time.Second
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Fetcher{o: o, log: log.With("component", "fetch"), hosts: map[string]chan struct{}{}}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Validators are what a server said about a response, sent back so that it
// can answer 304 Not Modified instead of the same body again.
type Validators struct {
	ETag         string
	LastModified string
}

// A Response is a fetched body with what came with it.
type Response struct {
	URL         *url.URL // after redirects
	Status      int
	NotModified bool // 304: the body is unchanged since Validators were given
	Body        []byte
	ContentType string
	Validators  Validators
	Attempts    int
}

// ErrNotModified says that an input has not changed since it was last read.
var ErrNotModified = errors.New("not modified since the last read")

// An HTTPError is a response status that is not a success.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// retryable reports whether asking again may help.
func retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	if errors.Is(err, ErrTooLarge) || errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}

// Get fetches rawURL. With validators from an earlier response it asks
// conditionally and returns a Response with NotModified set on 304. A
// maxBytes above zero replaces the fetcher's size limit for this request.
// A 429 is a 4xx and is not retried: the next scheduled run asks again.
func (f *Fetcher) Get(ctx context.Context, rawURL string, v Validators, maxBytes int64) (*Response, error) {
	if maxBytes <= 0 {
		maxBytes = f.o.MaxBytes
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GET %s: not an http or https URL", rawURL)
	}
	for attempt := 0; ; attempt++ {
		resp, err := f.once(ctx, u, v, maxBytes)
		if err == nil {
			resp.Attempts = attempt + 1
			return resp, nil
		}
		if ctx.Err() != nil || !retryable(err) || f.o.Retries < 0 || attempt >= f.o.Retries {
			return nil, err
		}
		d := f.delay(attempt)
		f.log.Info("retrying", "url", rawURL, "attempt", attempt+1, "in", d, "err", err)
		if err := f.o.Sleep(ctx, d); err != nil {
			return nil, fmt.Errorf("GET %s: %w", rawURL, err)
		}
	}
}

// delay is the wait before retry n+1: the backoff doubled n times, capped,
// half of it fixed and half random so that clients that failed together do
// not come back together.
func (f *Fetcher) delay(n int) time.Duration {
	d := f.o.Backoff << min(n, 20)
	if d > f.o.MaxDelay || d <= 0 {
		d = f.o.MaxDelay
	}
	return d/2 + time.Duration(f.o.Jitter()*float64(d/2))
}

// slot waits for a free request slot of host and returns its release.
func (f *Fetcher) slot(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	sem, ok := f.hosts[host]
	if !ok {
		sem = make(chan struct{}, f.o.PerHost)
		f.hosts[host] = sem
	}
	f.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (f *Fetcher) once(ctx context.Context, u *url.URL, v Validators, maxBytes int64) (*Response, error) {
	release, err := f.slot(ctx, u.Host)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, f.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.o.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	res, err := f.o.Client.Do(req)
	if err != nil {
		return nil, err // a *url.Error, naming the URL
	}
	defer res.Body.Close()
	out := &Response{URL: res.Request.URL, Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"),
		Validators: Validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}}
	switch {
	case res.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Validators = v
		return out, nil
	case res.StatusCode < 200 || res.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return nil, &HTTPError{URL: u.String(), Status: res.StatusCode}
	}
	if res.ContentLength > maxBytes {
		return nil, &InputError{Source: u.String(), Err: fmt.Errorf("%w of %d bytes (Content-Length %d)", ErrTooLarge, maxBytes, res.ContentLength), Offset: -1}
	}
	out.Body, err = io.ReadAll(io.LimitReader(res.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: read body: %w", u, err)
	}
	if int64(len(out.Body)) > maxBytes {
		return nil, &InputError{Source: u.String(), Err: fmt.Errorf("%w of %d bytes", ErrTooLarge, maxBytes), Offset: -1}
	}
	return out, nil
}
