"""Response models filled from table rows, field by field, by name.

Most response bodies show a row as it is stored: the model's field ``valid_until`` is the
row's attribute ``valid_until``. :func:`model_from_row` reads each field of the model from the
row's attribute of the same name and takes the rest (a field the row does not hold, or one
shown differently) from its keyword arguments. Only the model's fields are read, so a column
the contract does not show (a hash, a ciphertext) never reaches the body.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def model_from_row(model: type[M], row: object, **values: object) -> M:
    """``model`` with each field from ``values`` if given there, else from ``row``'s attribute.

    Validation turns the stored strings into the model's enums and literals, as a direct call
    of the model would; a value the contract does not allow raises. A name in ``values`` that
    is not a field of ``model`` is a mistake and raises ``TypeError``; so does a field the row
    does not have and ``values`` does not give (``AttributeError``).
    """
    fields = model.model_fields
    unknown = values.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    data = {name: values[name] if name in values else getattr(row, name) for name in fields}
    return model.model_validate(data)
