"""The build as tasks: each writer of one edition of one release, keyed by what it reads.

``plan.py`` turns releases and options into tasks and says which outputs are current,
``keys.py`` computes the content keys, ``state.py`` keeps them beside the outputs,
``run.py`` runs one task anywhere (this process, a worker process, a Dask worker) and
``executors.py`` runs many: in order, on a pool of processes, or on a Dask cluster.
"""
