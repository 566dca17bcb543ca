package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse/whtest"
)

// BenchmarkIngestHostileMemory ingests hostile files with the default limits and reports
// the peak resident memory of each beside a well-formed ledger of 100 000 rows (the
// baseline, run in the same process just before): a CSV with one line of 1 GB among good
// rows, an XLSX whose every row has a value in column XFD, and an XLSX zip bomb (a 1 MB
// workbook whose sheet unpacks to 2 million rows). It reports each peak in MB and as a
// ratio to the baseline's.
func BenchmarkIngestHostileMemory(b *testing.B) {
	s := whtest.Open(b)
	dir := b.TempDir()
	loadRegions(b, s, dir)
	good := writeFile(b, dir, "good.csv", csvBytes(b, withHeader(campaign.Ledger, false, validRows(100_000)), utf8Plain))
	files := []struct{ name, path string }{
		{"baseline", good},
		{"line-1GB", hugeLineFile(b, dir)},
		{"xlsx-XFD", wideWorkbook(b, dir, 20_000)},
		{"xlsx-bomb", bombWorkbook(b, dir, 2_000_000)},
	}
	peaks := map[string]float64{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			for _, t := range []string{"ledger", "ingest_log", "quarantine"} {
				if err := s.Conn.Exec(context.Background(), "TRUNCATE TABLE "+t); err != nil {
					b.Fatal(err)
				}
			}
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
			sums, _ := New(s, whtest.Log(), Options{}).Files(context.Background(), []string{f.path})
			peaks[f.name] = max(peaks[f.name], peakRSSMB())
			b.Logf("%-10s read %d loaded %d rejected %d error %.160q", f.name, sums[0].Read, sums[0].Loaded, sums[0].Rejected, sums[0].Error)
		}
	}
	for _, f := range files {
		b.ReportMetric(peaks[f.name], "MB-peak-"+f.name)
		if f.name != "baseline" {
			b.ReportMetric(peaks[f.name]/peaks["baseline"], "x-baseline-"+f.name)
		}
	}
}

// validRows returns n valid ledger rows of 2008-12 with distinct people of working age.
func validRows(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		id := idcard.Make("330102", time.Date(1955, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%7000), 1+i/7000)
		rows[i] = []string{"2008-12", id, "甲", community1, fmt.Sprint("H", i), "employed", "Y", "Y", "N", "N", "N", "N", "", "N"}
	}
	return rows
}

// hugeLineFile writes a ledger CSV of 1,000 good rows with one line of 1 GB in the middle.
func hugeLineFile(b *testing.B, dir string) string {
	p := filepath.Join(dir, "line-1GB.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rows := validRows(1000)
	fmt.Fprintln(w, strings.Join(campaign.Ledger.Headers(), ","))
	for i, r := range rows {
		if i == 500 {
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for j := 0; j < 1024; j++ {
				w.Write(chunk)
			}
			w.WriteString("\n")
		}
		fmt.Fprintln(w, strings.Join(r, ","))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return p
}

// wideWorkbook writes an XLSX ledger of n rows, each with a value in column XFD.
func wideWorkbook(b *testing.B, dir string, n int) string {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	hdr := make([]any, 0, 14)
	for _, h := range campaign.Ledger.Headers() {
		hdr = append(hdr, h)
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		b.Fatal(err)
	}
	vals := make([]any, 16384) // nil cells are not written
	for i, r := range validRows(n) {
		for j, v := range r {
			vals[j] = v
		}
		vals[16383] = "x"
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), vals); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "xlsx-XFD.xlsx")
	if err := f.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// bombWorkbook writes an XLSX whose sheet holds a ledger header and rows copies of a
// one-cell row: a few hundred KB that unpack to hundreds of MB.
func bombWorkbook(b *testing.B, dir string, rows int) string {
	var book bytes.Buffer
	f := excelize.NewFile()
	if err := f.Write(&book); err != nil {
		b.Fatal(err)
	}
	f.Close()
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "xlsx-bomb.xlsx")
	out, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			b.Fatal(err)
		}
		if e.Name != "xl/worksheets/sheet1.xml" {
			r, _ := e.Open()
			io.Copy(w, r)
			r.Close()
			continue
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
		for j, h := range campaign.Ledger.Headers() {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			fmt.Fprintf(bw, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cell, h)
		}
		bw.WriteString(`</row>`)
		for i := 0; i < rows; i++ {
			fmt.Fprintf(bw, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>bomb</t></is></c></row>`, i+2, i+2)
		}
		bw.WriteString(`</sheetData></worksheet>`)
		if err := bw.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}
