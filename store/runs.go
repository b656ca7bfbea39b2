package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// This file keeps the state of scheduled ingestion: the history of runs
// (:IngestRun)-[:HAD_FAILURE]->(:IngestFailure), the leases that let one
// scheduler among replicas run a job per tick (:Lease), and what was last
// read from each input, (:Fetch) for URLs and (:FileState) for files, so
// that unchanged inputs are not read again.

// Run statuses.
const (
	RunRunning = "running"
	RunOK      = "ok"      // every item ingested or unchanged
	RunPartial = "partial" // the run went through; some items failed
	RunFailed  = "failed"  // the run could not go through; Error says why
)

// A Run is one run of an ingestion job, as stored in
// (:IngestRun {id, job, started, finished, status, fetched, new, unchanged,
// updated, failed, error, name}).
type Run struct {
	ID        string
	Job       string
	Started   time.Time
	Finished  time.Time // zero while running
	Status    string
	Fetched   int
	New       int
	Unchanged int
	Updated   int
	Failed    int
	Error     string
}

// runCaption is the name shown for a run: "job · 2026-11-27T10:00Z · ok".
func runCaption(job string, started time.Time, status string) string {
	return job + " · " + started.UTC().Format("2006-01-02T15:04Z") + " · " + status
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// StartRun records a run that has started.
func (s *Store) StartRun(ctx context.Context, r Run) error {
	_, err := s.Write(ctx, `
		CREATE (r:IngestRun {id: $id, job: $job, started: $started, finished: null, status: 'running',
		        fetched: 0, new: 0, unchanged: 0, updated: 0, failed: 0, name: $name})`,
		map[string]any{"id": r.ID, "job": r.Job, "started": r.Started.UTC(), "name": runCaption(r.Job, r.Started, RunRunning)})
	if err != nil {
		return fmt.Errorf("record start of run %s of %s: %w", r.ID, r.Job, err)
	}
	return nil
}

// FinishRun records how a run ended.
func (s *Store) FinishRun(ctx context.Context, r Run) error {
	recs, err := s.Write(ctx, `
		MATCH (r:IngestRun {id: $id})
		SET r.finished = $finished, r.status = $status, r.fetched = $fetched, r.new = $new,
		    r.unchanged = $unchanged, r.updated = $updated, r.failed = $failed, r.error = $error, r.name = $name
		RETURN count(r) AS n`,
		map[string]any{"id": r.ID, "finished": nullTime(r.Finished), "status": r.Status, "fetched": r.Fetched, "new": r.New,
			"unchanged": r.Unchanged, "updated": r.Updated, "failed": r.Failed, "error": nullString(r.Error),
			"name": runCaption(r.Job, r.Started, r.Status)})
	if err != nil {
		return fmt.Errorf("record end of run %s of %s: %w", r.ID, r.Job, err)
	}
	if n, _ := recs[0].Get("n"); n.(int64) == 0 {
		return fmt.Errorf("record end of run %s of %s: no such run", r.ID, r.Job)
	}
	return nil
}

// AbandonRuns marks failed the runs of job still "running" other than
// except: their scheduler stopped or lost Neo4j before it could record
// their end. Only the holder of the job's lease may call it, since it knows
// that no other run of the job is alive. It returns how many it marked.
func (s *Store) AbandonRuns(ctx context.Context, job, except string, at time.Time, reason string) (int, error) {
	recs, err := s.Write(ctx, `
		MATCH (r:IngestRun {job: $job, status: 'running'}) WHERE r.id <> $except
		SET r.status = 'failed', r.finished = $at, r.error = $reason,
		    r.name = left(r.name, size(r.name) - size('running')) + 'failed'
		RETURN count(r) AS n`,
		map[string]any{"job": job, "except": except, "at": at.UTC(), "reason": reason})
	if err != nil {
		return 0, fmt.Errorf("close abandoned runs of %s: %w", job, err)
	}
	n, _ := recs[0].Get("n")
	return int(n.(int64)), nil
}

// failureID names a failure by what failed and why, so that the same
// failure again is counted on one node (as RecordFailure does).
func failureID(job, source, reason string) string {
	h := sha256.Sum256([]byte(job + "\x00" + source + "\x00" + reason))
	return hex.EncodeToString(h[:12])
}

// RecordRunFailure records a failed input of a run, linked
// (:IngestRun)-[:HAD_FAILURE]->(:IngestFailure).
func (s *Store) RecordRunFailure(ctx context.Context, runID, job, source, reason string, at time.Time) error {
	_, err := s.Write(ctx, `
		MERGE (f:IngestFailure {id: $id})
		ON CREATE SET f.source = $source, f.reason = $reason, f.job = $job, f.count = 0, f.first = $at
		SET f.at = $at, f.count = f.count + 1, f.name = $source
		WITH f
		MATCH (r:IngestRun {id: $run})
		MERGE (r)-[:HAD_FAILURE]->(f)`,
		map[string]any{"id": failureID(job, source, reason), "job": job, "source": source, "reason": reason, "at": at.UTC(), "run": runID})
	if err != nil {
		return fmt.Errorf("record failure of %s in run %s: %w", source, runID, err)
	}
	return nil
}

// A Lease gives one scheduler the right to run a job for one tick:
// (:Lease {job, holder, until, tick}).
type Lease struct {
	Job    string
	Holder string
	Until  time.Time
	Tick   time.Time
}

// AcquireLease takes the lease of job for the run of tick, if no other
// holder has it (it is free, expired or already ours) and no run of this
// tick or a later one took it before: two schedulers firing the same tick
// thus run the job once. It returns the lease as it is afterwards and
// whether it is ours.
func (s *Store) AcquireLease(ctx context.Context, job, holder string, tick, now, until time.Time) (Lease, bool, error) {
	// The first SET takes the node's write lock before the conditions are
	// read: without it two transactions could both read a free lease and
	// both take it, the second overwriting the first.
	recs, err := s.Write(ctx, `
		MERGE (l:Lease {job: $job})
		SET l._lock = true
		REMOVE l._lock
		WITH l, (l.holder IS NULL OR l.until IS NULL OR l.until <= $now OR l.holder = $holder) AS free,
		        (l.tick IS NULL OR l.tick < $tick) AS fresh
		FOREACH (_ IN CASE WHEN free AND fresh THEN [1] ELSE [] END |
		  SET l.holder = $holder, l.until = $until, l.tick = $tick, l.name = $job)
		RETURN l.holder AS holder, l.until AS until, l.tick AS tick, free AND fresh AS ours`,
		map[string]any{"job": job, "holder": holder, "tick": tick.UTC(), "now": now.UTC(), "until": until.UTC()})
	if err != nil {
		return Lease{}, false, fmt.Errorf("acquire lease of %s: %w", job, err)
	}
	rec := recs[0]
	l := Lease{Job: job}
	if v, _ := rec.Get("holder"); v != nil {
		l.Holder = v.(string)
	}
	if v, _ := rec.Get("until"); v != nil {
		l.Until = v.(time.Time)
	}
	if v, _ := rec.Get("tick"); v != nil {
		l.Tick = v.(time.Time)
	}
	ours, _ := rec.Get("ours")
	return l, ours.(bool), nil
}

// RenewLease extends our lease of job; false if it is no longer ours.
func (s *Store) RenewLease(ctx context.Context, job, holder string, until time.Time) (bool, error) {
	recs, err := s.Write(ctx, `
		MATCH (l:Lease {job: $job, holder: $holder})
		SET l.until = $until
		RETURN count(l) AS n`,
		map[string]any{"job": job, "holder": holder, "until": until.UTC()})
	if err != nil {
		return false, fmt.Errorf("renew lease of %s: %w", job, err)
	}
	n, _ := recs[0].Get("n")
	return n.(int64) > 0, nil
}

// ReleaseLease frees our lease of job. Its tick stays, so that a scheduler
// that fires the same tick later still sees it taken.
func (s *Store) ReleaseLease(ctx context.Context, job, holder string, now time.Time) error {
	_, err := s.Write(ctx, `
		MATCH (l:Lease {job: $job, holder: $holder})
		SET l.until = $now`,
		map[string]any{"job": job, "holder": holder, "now": now.UTC()})
	if err != nil {
		return fmt.Errorf("release lease of %s: %w", job, err)
	}
	return nil
}

// Validators are the HTTP validators last received for a URL.
type Validators struct {
	ETag         string
	LastModified string
}

// Validators returns what was remembered for url, (:Fetch {url, etag,
// last_modified}); empty when nothing was.
func (s *Store) Validators(ctx context.Context, url string) (Validators, error) {
	recs, err := s.Read(ctx, `
		MATCH (f:Fetch {url: $url})
		RETURN coalesce(f.etag, '') AS etag, coalesce(f.last_modified, '') AS lm
		LIMIT 1`, map[string]any{"url": url})
	if err != nil {
		return Validators{}, fmt.Errorf("look up validators of %s: %w", url, err)
	}
	if len(recs) == 0 {
		return Validators{}, nil
	}
	e, _ := recs[0].Get("etag")
	lm, _ := recs[0].Get("lm")
	return Validators{ETag: e.(string), LastModified: lm.(string)}, nil
}

// SaveValidators remembers the validators of url.
func (s *Store) SaveValidators(ctx context.Context, url string, v Validators) error {
	_, err := s.Write(ctx, `
		MERGE (f:Fetch {url: $url})
		SET f.etag = $etag, f.last_modified = $lm, f.name = $url`,
		map[string]any{"url": url, "etag": nullString(v.ETag), "lm": nullString(v.LastModified)})
	if err != nil {
		return fmt.Errorf("remember validators of %s: %w", url, err)
	}
	return nil
}

// A FileState is what a job last read of a file.
type FileState struct {
	Path    string
	ModTime time.Time
	Size    int64
	Hash    string // extract.ArticleID of its text
}

// FileStates returns what job last read of each file, by path, from
// (:FileState {job, path, mtime, size, hash}).
func (s *Store) FileStates(ctx context.Context, job string) (map[string]FileState, error) {
	recs, err := s.Read(ctx, `
		MATCH (f:FileState {job: $job})
		RETURN f.path AS path, f.mtime AS mtime, f.size AS size, f.hash AS hash`, map[string]any{"job": job})
	if err != nil {
		return nil, fmt.Errorf("look up file states of %s: %w", job, err)
	}
	out := make(map[string]FileState, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		fs := FileState{Path: m["path"].(string), Size: m["size"].(int64)}
		if t, ok := m["mtime"].(time.Time); ok {
			fs.ModTime = t
		}
		if h, ok := m["hash"].(string); ok {
			fs.Hash = h
		}
		out[fs.Path] = fs
	}
	return out, nil
}

// SaveFileState remembers what job read of a file.
func (s *Store) SaveFileState(ctx context.Context, job string, f FileState) error {
	_, err := s.Write(ctx, `
		MERGE (n:FileState {job: $job, path: $path})
		SET n.mtime = $mtime, n.size = $size, n.hash = $hash, n.name = $path`,
		map[string]any{"job": job, "path": f.Path, "mtime": f.ModTime.UTC(), "size": f.Size, "hash": nullString(f.Hash)})
	if err != nil {
		return fmt.Errorf("remember state of %s: %w", f.Path, err)
	}
	return nil
}

// IsUnavailable reports whether err says that Neo4j could not be reached,
// as opposed to a statement that failed.
func IsUnavailable(err error) bool {
	var ce *neo4j.ConnectivityError
	return errors.Is(err, ErrUnavailable) || neo4j.IsConnectivityError(err) || errors.As(err, &ce)
}
