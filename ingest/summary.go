package ingest

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fullemp/campaign"
)

// Summary is the outcome of one file: what was read, loaded, replaced and rejected.
// Read = Loaded + Rejected whenever the file finished (Error empty, not Skipped).
type Summary struct {
	File   string // base name
	Path   string // as given ("" for an upload)
	FileID uint64 // first 8 bytes of the content's SHA-256 (mixed with the area for a scoped upload)
	// ContentID is the first 8 bytes of the content's SHA-256: FileID itself, except for
	// a scoped upload, whose FileID follows from it and the uploader's area
	// (UploadRejections reads the upload's rejected rows by it).
	ContentID uint64
	Kind      campaign.Kind
	Format    Format
	Bytes     int64
	// Skipped is true when the same content was already ingested (its latest ingest_log
	// state is 'done'): nothing was read or changed. First is then that ingest's report.
	Skipped bool
	First   *Report
	// Read counts data rows (blank rows are not counted); Loaded those stored; Rejected
	// those quarantined.
	Read, Loaded, Rejected int64
	// Replaced counts the distinct keys of the loaded rows that rows loaded before this
	// file already held (a later row replaces an earlier one).
	Replaced int64
	// Unknown lists header cells that name no column of the kind; they are ignored.
	Unknown []string
	// HeaderRow is the spreadsheet row of the header: 1, unless an XLSX has title rows
	// above it. Data row n is spreadsheet row HeaderRow+n.
	HeaderRow int
	Seconds   float64
	// Error says why the file could not be ingested ("" when it was).
	Error string
	// Unreadable is true when Error lies in the file itself (see ErrUnreadable), not in
	// the warehouse.
	Unreadable bool
	// Rejections holds the first Options.KeepRejections rejected rows (all are in quarantine).
	Rejections []Rejection

	// versionFrom and versionTo are the row versions reserved for the file (ingest_log).
	versionFrom, versionTo uint64
}

// Status is "done", "skipped" or "failed".
func (s Summary) Status() string {
	switch {
	case s.Error != "":
		return "failed"
	case s.Skipped:
		return "skipped (already ingested)"
	}
	return "done"
}

// PrintSummaries writes the summaries as a table, one line per file, with a total line.
func PrintSummaries(w io.Writer, sums []Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tkind\tformat\tread\tloaded\treplaced\trejected\tseconds\tstatus\tunknown columns\t")
	var read, loaded, replaced, rejected int64
	var secs float64
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.2f\t%s\t%s\t\n", s.File, s.Kind, s.Format, s.Read, s.Loaded,
			s.Replaced, s.Rejected, s.Seconds, s.Status(), strings.Join(s.Unknown, ","))
		read, loaded, replaced, rejected, secs = read+s.Read, loaded+s.Loaded, replaced+s.Replaced, rejected+s.Rejected, secs+s.Seconds
	}
	fmt.Fprintf(tw, "total (%d files)\t\t\t%d\t%d\t%d\t%d\t%.2f\t\t\t\n", len(sums), read, loaded, replaced, rejected, secs)
	tw.Flush()
	for _, s := range sums {
		if s.Error != "" {
			fmt.Fprintf(w, "%s: %s\n", s.File, s.Error)
		}
	}
}
