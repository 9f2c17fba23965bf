"""The VietQR payload, checked field by field against the EMVCo layout, without a database."""

import binascii

import pytest

from storefront.payments.vietqr import crc16_ccitt_false, parse, payload, transfer_message


def make(**overrides):
    args = {"bank_bin": "970436", "account": "0071000123456", "amount": 105_000, "message": "OC7KQ2MZ9P"}
    return payload(**{**args, **overrides})


def test_crc16_ccitt_false_matches_the_standard_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_crc16_agrees_with_the_standard_library_ccitt_with_initial_ffff():
    data = b"00020101021238570010A000000727"
    assert crc16_ccitt_false(data) == binascii.crc_hqx(data, 0xFFFF)


def test_payload_is_the_emvco_string_field_by_field():
    text = make()
    body = (
        "000201"  # 00 payload format indicator = 01
        "010212"  # 01 point of initiation = 12 (dynamic, amount fixed)
        "3857"  # 38 merchant account information, 57 characters:
        "0010A000000727"  #   00 NAPAS GUID
        "0127"
        "0006970436"
        "0113"
        "0071000123456"  # 01 beneficiary: 00 bank BIN, 01 account
        "0208QRIBFTTA"  #   02 service: transfer to an account
        "5303704"  # 53 currency = 704 (VND)
        "5406105000"  # 54 amount in whole đồng
        "5802VN"  # 58 country
        "6214"
        "0810OC7KQ2MZ9P"  # 62 additional data: 08 the transfer message (order code)
        "6304"  # 63 CRC, 4 characters, computed over everything before it including "6304"
    )
    assert text == body + f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"
    assert text[-4:] == "0D63"


def test_parsed_fields_nest_as_emvco_says():
    fields = parse(make())
    assert list(fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    merchant = parse(fields["38"])
    assert merchant["00"] == "A000000727"
    assert merchant["02"] == "QRIBFTTA"
    assert parse(merchant["01"]) == {"00": "970436", "01": "0071000123456"}
    assert parse(fields["62"]) == {"08": "OC7KQ2MZ9P"}
    assert fields["54"] == "105000"


def test_a_changed_amount_changes_the_crc():
    assert make(amount=105_000)[-4:] != make(amount=105_001)[-4:]


def test_transfer_message_is_plain_ascii_within_25_characters():
    assert transfer_message("OC7KQ2MZ9P") == "OC7KQ2MZ9P"
    assert transfer_message("Đơn OC7KQ2MZ9P – kẹo dừa") == "Don OC7KQ2MZ9P keo dua"
    assert transfer_message("A" * 40) == "A" * 25


@pytest.mark.parametrize(
    "overrides",
    [
        {"bank_bin": "97043"},
        {"bank_bin": "97043X"},
        {"account": ""},
        {"account": "12 34"},
        {"amount": 0},
        {"amount": -5},
    ],
)
def test_invalid_account_or_amount_is_refused(overrides):
    with pytest.raises(ValueError):
        make(**overrides)
