"""Load and fault runs against gunicorn and PostgreSQL on loopback (`make load`).

`python -m ops.load` starts gunicorn on 127.0.0.1, simulates concurrent users who log in,
browse the register, edit children and record contacts, restarts PostgreSQL in the
middle of a second run, and then compares every acknowledged write with what is stored.
"""
