"""The software catalog: projects, their review by the Project Review Committee, published scans
and the sunset procedure (CPF 4.3)."""
