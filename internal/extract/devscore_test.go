package extract

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/ingest"
)

// minDevScore is the overall F1 on ../shared/eval/dev that extraction has
// reached; the test fails when a change makes it drop below.
const minDevScore = 0.94

// TestDevScore runs the annotators' scorer (../shared/eval/score.py) on the
// extraction of the dev set, as ../shared/eval/run.sh does, when the
// shared folder and python3 are there.
func TestDevScore(t *testing.T) {
	eval := filepath.Join("..", "..", "..", "shared", "eval")
	dev := filepath.Join(eval, "dev")
	if _, err := os.Stat(filepath.Join(eval, "score.py")); err != nil {
		t.Skip("no ../shared/eval here:", err)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3:", err)
	}
	files, err := filepath.Glob(filepath.Join(dev, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skip("no dev articles")
	}
	x := newExtractor(t)
	out := t.TempDir()
	for _, f := range files {
		var buf bytes.Buffer
		err := ingest.Reader{}.ReadPaths(t.Context(), []string{f}, func(d *ingest.Document, err error) error {
			if err != nil {
				return err
			}
			qs, err := x.Extract(t.Context(), d)
			if err != nil {
				return err
			}
			return export.Write(t.Context(), &buf, export.NQuads, export.Quads(qs), export.Options{})
		})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		stem := strings.TrimSuffix(filepath.Base(f), ".txt")
		if err := os.WriteFile(filepath.Join(out, stem+".nq"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := exec.CommandContext(t.Context(), python, filepath.Join(eval, "score.py"), dev, out).CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, res)
	}
	m := regexp.MustCompile(`score: overall F1 ([0-9.]+)`).FindSubmatch(res)
	if m == nil {
		t.Fatalf("no score line in:\n%s", res)
	}
	score, _ := strconv.ParseFloat(string(m[1]), 64)
	t.Logf("dev set: %s", bytes.TrimSpace(res[bytes.LastIndex(bytes.TrimSpace(res), []byte("\n"))+1:]))
	if score < minDevScore {
		t.Errorf("dev-set overall F1 %.3f < %.2f, the score reached:\n%s", score, minDevScore, res)
	}
}
