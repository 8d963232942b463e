"""A paper's full text: fetched, parsed, saved, searched, quoted (no Textual, no SQL).

For the TUI (blocking calls: run them in a worker thread)::

    from papertui.reading.api import arxiv_id_for, open_paper, download_papers
    from papertui.reading.errors import ReadingError, NotOnArxiv   # str(exc): one line
    from papertui.reading.fulltext_store import FullTextStore
    from papertui.reading.sources import Downloader

    store = FullTextStore.for_data_dir(paths.data_dir)   # store.ids(): papers with full text
    opened = open_paper(arxiv_id_for(text, library), store, Downloader.create())
    opened.document        # document.Document: blocks, headings(), references, footnotes
    opened.source_line     # "from arXiv HTML (…), saved copy; text extracted from PDF"

    find.block_text(block) / find.find(document, query, texts)   # in-paper search
    quote.quote(document, block_indexes, paper)                   # "> …\n\n(Author et al., …)"
    render.render(document, markdown=False)                       # the CLI's output

Nothing is imported here, so importing one module does not load lxml or PDFium.
"""
