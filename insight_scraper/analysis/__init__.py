"""Analysis tables, loaders and the HTML report, built from the crawl's JSON Lines output.

Everything here imports DuckDB (and pandas, for the loaders) inside functions, so importing the
package stays as cheap as the ``extract`` command needs (docs/working-with-data.md).
"""
