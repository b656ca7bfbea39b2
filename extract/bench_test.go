package extract_test

import (
	"os"
	"testing"

	"github.com/diplograph/diplograph/extract"
)

func benchExtract(b *testing.B, names ...string) {
	x := extractor(b)
	var texts []string
	size := 0
	for _, n := range names {
		t, err := os.ReadFile("../testdata/" + n)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		size += len(t)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Extract(texts[i%len(texts)], extract.Options{Published: "2023-05-18"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractSeed: one core, the seed article (`go test -bench . -cpu 1`).
func BenchmarkExtractSeed(b *testing.B) { benchExtract(b, "xinhua-ar-2023-05-18.txt") }

// BenchmarkExtractMixed alternates the Arabic and English reports.
func BenchmarkExtractMixed(b *testing.B) {
	benchExtract(b, "xinhua-ar-2023-05-18.txt", "xinhua-en-2023-05-18.txt")
}
