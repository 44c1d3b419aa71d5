// Printing a self-contained HTML page to PDF with headless Chromium, for the
// evaluation report (docs/evaluation.md): tagged for accessibility, A4 or
// Letter as the page's own @page rule says, no browser header or footer.
#pragma once

#include <chrono>
#include <string>

namespace tandem::jobs {

struct PdfOptions {
  // The browser; TANDEM_CHROMIUM overrides the default when set.
  std::string chromium = "/usr/bin/chromium";
  std::chrono::seconds timeout{90};
};

// The PDF's bytes. The page is written to a private temporary folder (with
// the browser's profile), which is removed afterwards; the page must not
// need the network. Throws tandem::Error(kUnavailable) when the browser is
// missing, fails or takes longer than the timeout (the job then retries),
// with what it printed last.
std::string HtmlToPdf(const std::string& html, const PdfOptions& options = {});

}  // namespace tandem::jobs
