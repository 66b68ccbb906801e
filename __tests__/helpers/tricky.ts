/** Hand-made documents for what real reports rarely show but XMLDSig implementations get wrong. */
export interface Tricky {
  name: string;
  xml: string;
  /**
   * xml-crypto does not carry the root's xml:* attributes into SignedInfo's canonical form as C14N 1.0 and
   * 1.1 require (section 2.4 of both), so it rejects correct signatures of such documents; xmlsec1 accepts them.
   */
  xmlCryptoRejects?: true;
}

export const TRICKY: Tricky[] = [
  {
    name: "namespaces declared on the root, used and unused, prefixed attributes",
    xml:
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="urn:zeta" xmlns:a="urn:alpha" ' +
      'xsi:noNamespaceSchemaLocation="x.xsd" name="ns">\n  <testsuite name="s" z:flag="1" a:flag="2" tests="1">\n' +
      '    <testcase name="t" a:id="x"/>\n  </testsuite>\n</testsuites>\n',
  },
  {
    name: "xml:lang and xml:space on the root",
    xml: '<testsuite xml:lang="fr" xml:space="preserve" name="l" tests="1"><testcase name="é"/></testsuite>',
    xmlCryptoRejects: true,
  },
  {
    name: "CR, tab and newline in attributes, literal and as references",
    xml: '<testsuite name="a\tb\nc\r\nd" tests="1"><testcase name="x&#9;y&#10;z&#13;w" classname="&quot;q&quot; &amp; &lt;"/></testsuite>',
  },
  {
    name: "]]> split across CDATA sections, CDATA with < & > and CR",
    xml: '<testsuite tests="1"><testcase name="c"><system-out><![CDATA[a ]]]]><![CDATA[> b <tag> & \r\n end]]></system-out></testcase></testsuite>',
  },
  {
    name: "astral characters, character references and > in text",
    xml: '<testsuite tests="1" name="🚀"><testcase name="𝄞 &#x1F600; &#128512;"><system-out>a > b &gt; c &#62; &apos;&quot; 😀</system-out></testcase></testsuite>',
  },
  {
    name: "UTF-8 byte order mark and CRLF line ends",
    xml: '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<testsuites>\r\n  <testsuite name="crlf" tests="1">\r\n    <testcase name="t">\r\n      <system-out>line1\r\nline2\rline3</system-out>\r\n    </testcase>\r\n  </testsuite>\r\n</testsuites>\r\n',
  },
  {
    name: "default namespace on an inner element, undeclared again below",
    xml: '<testsuite tests="1"><testcase name="d"><system-out><x xmlns="urn:inner"><y xmlns=""><z/></y></x></system-out></testcase></testsuite>',
  },
  {
    name: "comments everywhere, empty elements in both forms, attribute order",
    xml: '<!-- before --><testsuites><!-- in --><testsuite z="1" a="2" m="3" name="c" tests="2"><testcase name="a"></testcase><testcase name="b"/></testsuite></testsuites><!-- after -->\n',
  },
  {
    name: "self-closing document element",
    xml: '<?xml version="1.0"?><testsuites name="empty"/>',
  },
  {
    name: "self-closing first testsuite",
    xml: '<testsuites><testsuite name="only" tests="0"/></testsuites>',
  },
  {
    name: "properties element after the testcases is not the first child",
    xml: '<testsuite tests="1"><testcase name="t"/><properties><property name="other" value="x"/></properties></testsuite>',
  },
  {
    name: "re-declared namespace with the same URI and a prefix rebound",
    xml: '<testsuites xmlns:p="urn:one"><testsuite xmlns:p="urn:one" name="s" tests="1"><testcase name="t" xmlns:p="urn:two" p:k="v"/></testsuite></testsuites>',
  },
];
