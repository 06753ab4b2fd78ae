"""A small UNIMARC record written for copiste, used as the example in the API documentation.

Baudelaire's *Les fleurs du mal* (Gallimard, 1972), catalogued by hand: every mandatory field,
a valid ISBN, coded data in 100$a; the strict rule set finds nothing to say.
"""

SAMPLE_RECORD = """\
<record xmlns="http://www.loc.gov/MARC21/slim">
  <leader>00000nam0 2200000   450 </leader>
  <controlfield tag="001">copiste-sample-0001</controlfield>
  <datafield tag="010" ind1=" " ind2=" ">
    <subfield code="a">978-2-07-036822-8</subfield>
  </datafield>
  <datafield tag="100" ind1=" " ind2=" ">
    <subfield code="a">20240115d1972    m  y0frey50      ba</subfield>
  </datafield>
  <datafield tag="101" ind1="0" ind2=" ">
    <subfield code="a">fre</subfield>
  </datafield>
  <datafield tag="102" ind1=" " ind2=" ">
    <subfield code="a">FR</subfield>
  </datafield>
  <datafield tag="200" ind1="1" ind2=" ">
    <subfield code="a">Les fleurs du mal</subfield>
    <subfield code="f">Charles Baudelaire</subfield>
  </datafield>
  <datafield tag="210" ind1=" " ind2=" ">
    <subfield code="a">Paris</subfield>
    <subfield code="c">Gallimard</subfield>
    <subfield code="d">1972</subfield>
  </datafield>
  <datafield tag="215" ind1=" " ind2=" ">
    <subfield code="a">1 vol. (350 p.)</subfield>
    <subfield code="d">18 cm</subfield>
  </datafield>
  <datafield tag="700" ind1=" " ind2="1">
    <subfield code="a">Baudelaire</subfield>
    <subfield code="b">Charles</subfield>
    <subfield code="4">070</subfield>
  </datafield>
  <datafield tag="801" ind1=" " ind2="0">
    <subfield code="a">FR</subfield>
    <subfield code="b">copiste</subfield>
    <subfield code="c">20240115</subfield>
  </datafield>
</record>
"""
