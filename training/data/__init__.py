"""Corpus sources and the prepare stage: fonts.py, hershey.py, sigils.py, ingest.py (a folder of images),
clean.py (binarize, crop, pad, resize, "defined" filter, dedupe), augment_offline.py, prepare.py (writes the
dataset folder). Entry point: training.data.prepare.prepare(PrepareConfig(...))."""
