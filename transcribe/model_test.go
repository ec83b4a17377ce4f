package transcribe

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// modelServer serves content as /ggml-tiny.en.bin. It honours Range
// unless noRange, and cuts the first cutFirst responses after cutAt bytes.
type modelServer struct {
	content  []byte
	noRange  bool
	cutAt    int
	cutFirst int

	mu       sync.Mutex
	requests []string // the Range header of each request
}

func (m *modelServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests = append(m.requests, r.Header.Get("Range"))
	n := len(m.requests)
	m.mu.Unlock()
	if r.URL.Path != "/ggml-tiny.en.bin" {
		http.NotFound(w, r)
		return
	}
	body, start := m.content, 0
	if rg := r.Header.Get("Range"); rg != "" && !m.noRange {
		fmt.Sscanf(rg, "bytes=%d-", &start)
		if start >= len(m.content) {
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		body = m.content[start:]
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(m.content)-1, len(m.content)))
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusOK)
	}
	if n <= m.cutFirst && m.cutAt < len(body) {
		w.Write(body[:m.cutAt])
		w.(http.Flusher).Flush()
		// Drop the connection mid-body.
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	w.Write(body)
}

// withModel swaps the tiny.en entry of Models for content's checksum.
func withModel(t *testing.T, content []byte) {
	t.Helper()
	m := ModelByName("tiny.en")
	old := m.SHA1
	sum := sha1.Sum(content)
	m.SHA1 = hex.EncodeToString(sum[:])
	t.Cleanup(func() { m.SHA1 = old })
}

func modelContent() []byte {
	b := make([]byte, 3<<20)
	for i := range b {
		b[i] = byte(i * 7 % 251)
	}
	return b
}

func TestGetModel(t *testing.T) {
	content := modelContent()
	withModel(t, content)
	srv := &modelServer{content: content}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := filepath.Join(t.TempDir(), "data", "models")
	var last, total int64
	path, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "tiny.en", dir, func(d, n int64) { last, total = d, n })
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "ggml-tiny.en.bin") || last != int64(len(content)) || total != int64(len(content)) {
		t.Errorf("path %s, progress %d of %d", path, last, total)
	}
	checkModelFile(t, path, content)
	st, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", st.Mode().Perm())
	}
	// Again: already there, nothing downloaded.
	n := len(srv.requests)
	if _, err := (ModelSource{BaseURL: ts.URL}).Get(context.Background(), "tiny.en", dir, nil); err != nil || len(srv.requests) != n {
		t.Errorf("second get: %v, %d requests", err, len(srv.requests)-n)
	}
}

func checkModelFile(t *testing.T, path string, content []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != string(content) {
		t.Fatalf("model file: %d bytes, %v", len(b), err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("model mode %v, want 0600", st.Mode().Perm())
	}
	if _, err := os.Stat(path + ".part"); !os.IsNotExist(err) {
		t.Errorf("the .part file is left: %v", err)
	}
}

func TestGetModelResumes(t *testing.T) {
	content := modelContent()
	withModel(t, content)
	srv := &modelServer{content: content, cutAt: 1 << 20, cutFirst: 1}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	path, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "tiny.en", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkModelFile(t, path, content)
	if len(srv.requests) != 2 || srv.requests[0] != "" || srv.requests[1] != "bytes=1048576-" {
		t.Errorf("requests %q, want a fresh one then one resuming at 1 MiB", srv.requests)
	}
}

func TestGetModelResumesAcrossCalls(t *testing.T) {
	content := modelContent()
	withModel(t, content)
	srv := &modelServer{content: content, cutAt: 1 << 20, cutFirst: 1}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	// One attempt only: the cut download is kept as .part.
	_, err := ModelSource{BaseURL: ts.URL, Attempts: 1}.Get(context.Background(), "tiny.en", dir, nil)
	if err == nil || !strings.Contains(err.Error(), "cut") {
		t.Fatalf("cut download: %v", err)
	}
	st, err := os.Stat(filepath.Join(dir, "ggml-tiny.en.bin.part"))
	if err != nil || st.Size() != 1<<20 || st.Mode().Perm() != 0o600 {
		t.Fatalf("part file: %v %v", st, err)
	}
	var first int64 = -1
	path, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "tiny.en", dir, func(d, n int64) {
		if first < 0 {
			first = d
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	checkModelFile(t, path, content)
	if first != 1<<20 || srv.requests[1] != "bytes=1048576-" {
		t.Errorf("resumed from %d with %q", first, srv.requests[1])
	}
}

func TestGetModelWithoutRange(t *testing.T) {
	content := modelContent()
	withModel(t, content)
	srv := &modelServer{content: content, noRange: true, cutAt: 1 << 20, cutFirst: 1}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	path, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "tiny.en", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The server answered the Range request with the whole file: it was
	// started over, not appended.
	checkModelFile(t, path, content)
}

func TestGetModelChecksumMismatch(t *testing.T) {
	content := modelContent()
	withModel(t, content)
	bad := append([]byte(nil), content...)
	bad[12345] ^= 1
	ts := httptest.NewServer(&modelServer{content: bad})
	defer ts.Close()
	dir := t.TempDir()
	_, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "tiny.en", dir, nil)
	if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "removed") {
		t.Fatalf("bad download: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Errorf("left %d files", len(ents))
	}
}

func TestGetModelErrors(t *testing.T) {
	srv := &modelServer{content: modelContent()}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	_, err := ModelSource{BaseURL: ts.URL}.Get(context.Background(), "base.en", dir, nil)
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), ts.URL+"/ggml-base.en.bin") {
		t.Errorf("404: %v", err)
	}
	if len(srv.requests) != 1 {
		t.Errorf("%d requests for a 404, want 1", len(srv.requests))
	}
	if _, err := (ModelSource{BaseURL: ts.URL}).Get(context.Background(), "huge.en", dir, nil); err == nil || !strings.Contains(err.Error(), "base.en, small") {
		t.Errorf("unknown model: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Errorf("left %d files", len(ents))
	}
	// A symbolic link where the part file goes is not followed.
	content := modelContent()
	withModel(t, content)
	target := filepath.Join(t.TempDir(), "target")
	os.WriteFile(target, []byte("keep"), 0o600)
	os.Symlink(target, filepath.Join(dir, "ggml-tiny.en.bin.part"))
	if _, err := (ModelSource{BaseURL: ts.URL}).Get(context.Background(), "tiny.en", dir, nil); err == nil {
		t.Error("downloaded through a link")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Error("the link's target changed")
	}
}

func TestGetModelCancelled(t *testing.T) {
	ts := httptest.NewServer(&modelServer{content: modelContent()})
	defer ts.Close()
	withModel(t, modelContent())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (ModelSource{BaseURL: ts.URL}).Get(ctx, "tiny.en", t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("cancelled: %v", err)
	}
}

func TestModelTable(t *testing.T) {
	for _, m := range Models {
		if len(m.SHA1) != 40 || strings.Trim(m.SHA1, "0123456789abcdef") != "" {
			t.Errorf("%s: checksum %q", m.Name, m.SHA1)
		}
	}
	for _, n := range append([]string{"base.en", "small.en", "tiny.en"}, preferredModels...) {
		if ModelByName(n) == nil {
			t.Errorf("no %s", n)
		}
	}
	if ModelFile("base.en") != "ggml-base.en.bin" || !strings.HasPrefix(ModelBaseURL, "https://") {
		t.Error("file name or URL")
	}
}
