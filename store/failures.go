package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// RecordFailure keeps a failed input with its reason, so that nothing is
// lost silently: (:IngestFailure {source, reason, job, at, count}). The
// same failure again updates its time and count.
func (s *Store) RecordFailure(ctx context.Context, job, source, reason string) error {
	h := sha256.Sum256([]byte(job + "\x00" + source + "\x00" + reason))
	_, err := s.Write(ctx, `
		MERGE (f:IngestFailure {id: $id})
		ON CREATE SET f.source = $source, f.reason = $reason, f.job = $job, f.count = 0, f.first = datetime()
		SET f.at = datetime(), f.count = f.count + 1, f.name = $source`,
		map[string]any{"id": hex.EncodeToString(h[:12]), "job": job, "source": source, "reason": reason})
	if err != nil {
		return fmt.Errorf("record failure of %s: %w", source, err)
	}
	return nil
}
