"""``matching`` refuses, clearly, a foreign ``models`` module found first on the path."""

from __future__ import annotations

import os
import subprocess
import sys


def test_foreign_models_module_fails_clearly(tmp_path):
    (tmp_path / "models.py").write_text("class User:\n    pass\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "import matching"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "matching needs sanhu's own 'models' package" in result.stderr
    assert str(tmp_path / "models.py") in result.stderr


def test_own_models_package_is_accepted(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import matching, models; print(models.__sanhu__)"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
