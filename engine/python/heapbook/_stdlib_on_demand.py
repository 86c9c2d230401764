"""The standard library on demand, for an engine started from the build's memory snapshot.

The snapshot already holds every module the chapters import, and zipimport's table of contents of
the standard-library archive. So the worker starts with an empty archive in its place and fetches
the real one (2.5 MB) only when Python first reads from it: the first import of a module not in the
snapshot, a traceback quoting a standard-library line, or a re-read of the archive's directory.
Those are the only two functions in zipimport that open the archive.
"""

import zipimport


def install(archive, load):
    """Runs `load()` (which writes the real archive at `archive`) before the first read of it."""
    get_data = zipimport._get_data
    read_directory = zipimport._read_directory

    def ensure(path):
        if path == archive and zipimport._get_data is not get_data:
            zipimport._get_data = get_data
            zipimport._read_directory = read_directory
            load()

    def _get_data(path, toc_entry):
        ensure(path)
        return get_data(path, toc_entry)

    def _read_directory(path):
        ensure(path)
        return read_directory(path)

    zipimport._get_data = _get_data
    zipimport._read_directory = _read_directory
