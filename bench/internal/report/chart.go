package report

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// palette colours the systems' bars.
var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
}

// WriteCharts draws, for every system but the baseline, the ratio of its
// median to the baseline's for each workload's primary metric, as
// horizontal bars on a log scale around 1x; a workload that no system has
// a ratio for (the baseline cannot run it) is left out, and with none left
// there is no chart: it returns no file names. It writes dir/base.png and
// dir/base.svg and returns their file names.
func WriteCharts(dir, base string, rows []Row, systems []string, baseline string) ([]string, error) {
	rows = charted(rows, systems, baseline)
	if len(rows) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Median relative to %s (left of 1x: faster or smaller)", baseline)
	p.X.Label.Text = fmt.Sprintf("ratio to %s, log scale", baseline)
	p.X.Tick.Marker = ratioTicks{}
	p.Legend.Top = true
	p.Legend.YOffs = -vg.Points(4)
	p.Add(plotter.NewGrid())

	names := make([]string, len(rows))
	for i, r := range rows {
		names[len(rows)-1-i] = r.Workload.Name // first workload on top
	}
	others := 0
	for _, s := range systems {
		if s != baseline {
			others++
		}
	}
	width := vg.Points(14)
	k := 0
	lo, hi := -1.0, 1.0
	for _, s := range systems {
		if s == baseline {
			continue
		}
		vals := make(plotter.Values, len(rows))
		for i, r := range rows {
			if v, ok := r.Ratio(s, baseline); ok {
				vals[len(rows)-1-i] = math.Log2(v)
				lo, hi = math.Min(lo, vals[len(rows)-1-i]), math.Max(hi, vals[len(rows)-1-i])
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		bars.Horizontal = true
		bars.Color = palette[k%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = width * vg.Length(float64(k)-float64(others-1)/2)
		p.Add(bars)
		p.Legend.Add(s, bars)
		k++
	}
	p.NominalY(names...)
	p.X.Min, p.X.Max = math.Floor(lo)-0.25, math.Ceil(hi)+2 // room for the legend
	parity, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(rows)) - 0.5}})
	if err != nil {
		return nil, err
	}
	parity.Color = color.Black
	p.Add(parity)
	h := vg.Length(len(rows))*width*vg.Length(others) + 2.5*vg.Inch
	var files []string
	for _, ext := range []string{".png", ".svg"} {
		name := base + ext
		if err := p.Save(9*vg.Inch, h, filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("report: saving %s: %w", name, err)
		}
		files = append(files, name)
	}
	return files, nil
}

// ratioTicks labels a log2 axis with ratios: 0.25x, 0.5x, 1x, 2x, ...
type ratioTicks struct{}

func (ratioTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Ceil(min); e <= max; e++ {
		v := math.Pow(2, e)
		label := fmt.Sprintf("%gx", v)
		ticks = append(ticks, plot.Tick{Value: e, Label: label})
	}
	return ticks
}

var _ plot.Ticker = ratioTicks{}

// charted returns the primary rows in which some system has a ratio to
// the baseline.
func charted(rows []Row, systems []string, baseline string) []Row {
	var out []Row
	for _, r := range rows {
		if !r.Primary() {
			continue
		}
		for _, s := range systems {
			if _, ok := r.Ratio(s, baseline); ok && s != baseline {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
