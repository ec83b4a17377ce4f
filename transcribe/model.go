package transcribe

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// ModelInfo is a whisper.cpp ggml model that GetModel can download.
type ModelInfo struct {
	Name string // as in ggml-<Name>.bin
	Size string // roughly, for people
	// SHA1 is the checksum whisper.cpp publishes for the file (the table
	// in its models/README.md). It publishes SHA-1 only, so that is what
	// is checked: it catches a damaged or wrong download, but is no
	// defence against a deliberately forged file.
	SHA1 string
}

// Models are the models GetModel knows, with their published checksums.
var Models = []ModelInfo{
	{"tiny", "75 MiB", "bd577a113a864445d4c299885e0cb97d4ba92b5f"},
	{"tiny.en", "75 MiB", "c78c86eb1a8faa21b369bcd33207cc90d64ae9df"},
	{"base", "142 MiB", "465707469ff3a37a2b9b8d8f89f2f99de7299dac"},
	{"base.en", "142 MiB", "137c40403d78fd54d454da0f9bd998f78703390c"},
	{"small", "466 MiB", "55356645c2b361a969dfd0ef2c5a50d530afd8d5"},
	{"small.en", "466 MiB", "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022"},
	{"medium", "1.5 GiB", "fd9727b6e1217c2f614f9b698455c4ffd82463b4"},
	{"medium.en", "1.5 GiB", "8c30f0e44ce9560643ebd10bbe50cd20eafd3723"},
	{"large-v1", "2.9 GiB", "b1caaf735c4cc1429223d5a74f0f4d0b9b59a299"},
	{"large-v2", "2.9 GiB", "0f4c8e34f21cf1a914c59d8b3ce882345ad349d6"},
	{"large-v2-q5_0", "1.1 GiB", "00e39f2196344e901b3a2bd5814807a769bd1630"},
	{"large-v3", "2.9 GiB", "ad82bf6a9043ceed055076d0fd39f5f186ff8062"},
	{"large-v3-q5_0", "1.1 GiB", "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de"},
	{"large-v3-turbo", "1.5 GiB", "4af2b29d7ec73d781377bfd1758ca957a807e941"},
	{"large-v3-turbo-q5_0", "547 MiB", "e050f7970618a659205450ad97eb95a18d69c9ee"},
}

// ModelByName returns the model called name, nil when there is none.
func ModelByName(name string) *ModelInfo {
	for i := range Models {
		if Models[i].Name == name {
			return &Models[i]
		}
	}
	return nil
}

// ModelBaseURL is where whisper.cpp's models are published: the file of
// model NAME is ModelBaseURL + "/ggml-NAME.bin".
const ModelBaseURL = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main"

// ModelFile is the file name of model name: ggml-<name>.bin.
func ModelFile(name string) string { return "ggml-" + name + ".bin" }

// maxModelSize bounds a download: the largest model is under 3 GiB.
const maxModelSize = 4 << 30

// ModelSource downloads models from BaseURL (ModelBaseURL when empty) with
// Client (one with no overall timeout when nil: models are large).
type ModelSource struct {
	BaseURL string
	Client  *http.Client
	// Attempts is how many times one Get tries again after a cut
	// connection, resuming where it stopped, as long as each try brings
	// more of the file; zero: 5.
	Attempts int
}

// GetModel downloads model name from where whisper.cpp publishes it into
// dir: see ModelSource.Get.
func GetModel(ctx context.Context, name, dir string, progress func(done, total int64)) (string, error) {
	return ModelSource{}.Get(ctx, name, dir, progress)
}

// Get downloads model name into dir (made, mode 0700, when missing) as
// ggml-<name>.bin, mode 0600, and returns its path. It downloads into
// ggml-<name>.bin.part and resumes a cut download from where it stopped
// (an HTTP Range request; from the start when the server does not
// support ranges). The finished file's SHA-1 must be the published one:
// a file that does not match is removed, with an error. A model already
// there with the right checksum is not downloaded again. progress, when
// not nil, is called as bytes arrive with the bytes so far and the total
// (-1 when unknown).
func (s ModelSource) Get(ctx context.Context, name, dir string, progress func(done, total int64)) (string, error) {
	m := ModelByName(name)
	if m == nil {
		names := make([]string, len(Models))
		for i, m := range Models {
			names[i] = m.Name
		}
		return "", fmt.Errorf("unknown model %q: choose one of %s", name, strings.Join(names, ", "))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("get model %s: %w", name, err)
	}
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return "", fmt.Errorf("get model %s: %w", name, err)
	}
	defer d.Close()
	final := ModelFile(name)
	path := filepath.Join(dir, final)
	if sum, err := fileSHA1(d, final); err == nil && sum == m.SHA1 {
		return path, nil
	}
	part := final + ".part"
	base := strings.TrimRight(s.BaseURL, "/")
	if base == "" {
		base = ModelBaseURL
	}
	url := base + "/" + final
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = 5
	}
	var lastErr error
	for try := 0; try < attempts; try++ {
		if try > 0 {
			select {
			case <-ctx.Done():
				return "", fmt.Errorf("get model %s: %w (the part downloaded is kept: run the same command to resume)", name, ctx.Err())
			case <-time.After(time.Duration(try) * 500 * time.Millisecond):
			}
		}
		more, err := s.fetch(ctx, d, part, url, progress)
		if err == nil {
			lastErr = nil
			break
		}
		lastErr = err
		if !more || ctx.Err() != nil {
			break // no progress, or stopped: trying again would not help
		}
	}
	if lastErr != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("get model %s: %w (the part downloaded is kept: run the same command to resume)", name, ctx.Err())
		}
		return "", fmt.Errorf("get model %s: %w", name, lastErr)
	}
	sum, err := fileSHA1(d, part)
	if err != nil {
		return "", fmt.Errorf("get model %s: %w", name, err)
	}
	if sum != m.SHA1 {
		d.Remove(part)
		return "", fmt.Errorf("get model %s: the download from %s is damaged (SHA-1 %s, published %s); it was removed: run the same command to download it again",
			name, url, sum, m.SHA1)
	}
	if err := d.Rename(part, final); err != nil {
		return "", fmt.Errorf("get model %s: %w", name, err)
	}
	d.Sync()
	return path, nil
}

// fetch appends to part what is missing of url, resuming from its size.
// more reports whether it got any bytes (so that trying again may help).
func (s ModelSource) fetch(ctx context.Context, d *safefs.Dir, part, url string, progress func(done, total int64)) (more bool, err error) {
	f, err := d.OpenFile(part, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false, err
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return false, err
	}
	have, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, err
	}
	if have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	client := s.Client
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	total, start, err := accept(resp, f, d, part, url, have)
	if err != nil || start < 0 {
		return false, err
	}
	if total > maxModelSize {
		return false, fmt.Errorf("download %s: %d bytes is more than any model", url, total)
	}
	more, err = copyBody(resp.Body, f, start, total, url, filepath.Join(d.Path(), part), progress)
	if err != nil {
		return more, err
	}
	return more, f.Sync()
}

// accept reads the server's answer to a request for url from byte have
// on: the size of the whole file (-1 when unknown) and where the body
// starts in it; start is -1 when there is nothing to fetch (what is held
// is the whole file, or more: the checksum decides).
func accept(resp *http.Response, f *os.File, d *safefs.Dir, part, url string, have int64) (total, start int64, err error) {
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0:
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != have {
			return 0, 0, fmt.Errorf("download %s: the server resumed at the wrong place (%q for %d bytes held)", url, resp.Header.Get("Content-Range"), have)
		}
		return size, have, nil
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && have > 0:
		return 0, -1, nil
	case resp.StatusCode == http.StatusOK:
		// A fresh download, or a server that ignores Range: start over.
		if err := f.Truncate(0); err != nil {
			return 0, 0, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, 0, err
		}
		return max(resp.ContentLength, -1), 0, nil
	case resp.StatusCode == http.StatusNotFound:
		d.Remove(part)
		return 0, 0, fmt.Errorf("download %s: not found (HTTP 404); check the model's name, or download it by hand into the models directory", url)
	}
	return 0, 0, fmt.Errorf("download %s: HTTP %s; try again later", url, resp.Status)
}

// copyBody appends body to f, which holds done bytes of total, telling
// progress as it goes; more reports whether any byte came.
func copyBody(body io.Reader, f *os.File, done, total int64, url, path string, progress func(done, total int64)) (more bool, err error) {
	if progress != nil {
		progress(done, total)
	}
	buf := make([]byte, 256<<10)
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			if done+int64(n) > maxModelSize {
				return true, fmt.Errorf("download %s: more than %d GiB, more than any model", url, maxModelSize>>30)
			}
			if _, err := f.Write(buf[:n]); err != nil {
				return more, fmt.Errorf("write %s: %w", path, err)
			}
			done += int64(n)
			more = true
			if progress != nil {
				progress(done, total)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return more, fmt.Errorf("download %s: cut after %d bytes: %w", url, done, rerr)
		}
	}
	if total >= 0 && done < total {
		return more, fmt.Errorf("download %s: cut after %d of %d bytes", url, done, total)
	}
	return more, nil
}

// parseContentRange reads "bytes START-END/SIZE" (SIZE may be *, -1).
func parseContentRange(v string) (start, size int64, ok bool) {
	v, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, sz, found := strings.Cut(v, "/")
	if !found {
		return 0, 0, false
	}
	a, _, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	size = -1
	if sz != "*" {
		if size, err = strconv.ParseInt(sz, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, size, true
}

// fileSHA1 is the hex SHA-1 of the entry name of d.
func fileSHA1(d *safefs.Dir, name string) (string, error) {
	f, err := d.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var h hash.Hash = sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
