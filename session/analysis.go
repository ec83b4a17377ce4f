package session

import (
	"fmt"

	"github.com/mockround/mockround/audio"
)

// EnsureAnalysis computes the figures of every recorded take that lacks
// them (sessions made before analysis existed, recovered takes) or has
// figures from an older version of the analysis. It reports how many takes
// it analysed; takes whose file cannot be read are listed in errs and left
// without figures.
func EnsureAnalysis(dir string, rec *Record) (analysed int, errs []error) {
	for i := range rec.Takes {
		t := &rec.Takes[i]
		if !t.hasWAVName() || t.Analysis != nil && t.Analysis.Version >= audio.AnalysisVersion {
			continue
		}
		path, err := t.WAVFile(dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyse %w", err))
			continue
		}
		a, err := audio.AnalyzeFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyse take %d of question %d: %w", t.Take, t.Position, err))
			continue
		}
		t.Analysis = &a
		analysed++
	}
	return analysed, errs
}
