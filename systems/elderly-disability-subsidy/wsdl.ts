/** The service description served at GET /soap/SubsidyService?wsdl (WSDL 1.1, document/literal). */
import { SERVICE_NS, SOAP_ENV_NS, soapActionOf } from './soap';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function subsidyServiceWsdl(location: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${SERVICE_NS}" targetNamespace="${SERVICE_NS}" name="SubsidyService">
  <!-- Faults are SOAP 1.1 Faults (${SOAP_ENV_NS}) with tns:SubsidyFault/errorCode in their detail. -->
  <wsdl:types>
    <xsd:schema targetNamespace="${SERVICE_NS}" elementFormDefault="qualified">
      <xsd:simpleType name="SubsidyType"><xsd:restriction base="xsd:string">
        <xsd:enumeration value="ELDERLY"/><xsd:enumeration value="DISABILITY"/></xsd:restriction></xsd:simpleType>
      <xsd:complexType name="Subsidy"><xsd:sequence>
        <xsd:element name="subsidyType" type="tns:SubsidyType"/>
        <xsd:element name="category" type="xsd:string" minOccurs="0"/>
        <xsd:element name="statusCode" type="xsd:int"><xsd:annotation><xsd:documentation>1 paying, 2 suspended, 3 stopped</xsd:documentation></xsd:annotation></xsd:element>
        <xsd:element name="monthlyAmount" type="xsd:decimal"/>
        <xsd:element name="startDate" type="xsd:date"/>
        <xsd:element name="stopDate" type="xsd:date" minOccurs="0"/>
        <xsd:element name="stopReference" type="xsd:string" minOccurs="0"><xsd:annotation><xsd:documentation>the reference the StopSubsidy that stopped it was logged with</xsd:documentation></xsd:annotation></xsd:element>
      </xsd:sequence></xsd:complexType>
      <xsd:element name="GetSubsidyRecord"><xsd:complexType><xsd:sequence>
        <xsd:element name="idNumber" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="GetSubsidyRecordResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="idNumber" type="xsd:string"/>
        <xsd:element name="subsidies"><xsd:complexType><xsd:sequence>
          <xsd:element name="subsidy" type="tns:Subsidy" minOccurs="0" maxOccurs="2"/></xsd:sequence></xsd:complexType></xsd:element>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="StopSubsidy"><xsd:complexType><xsd:sequence>
        <xsd:element name="idNumber" type="xsd:string"/>
        <xsd:element name="subsidyType" type="tns:SubsidyType"/>
        <xsd:element name="stopDate" type="xsd:date"/>
        <xsd:element name="reason" type="xsd:string"/>
        <xsd:element name="reference" type="xsd:string"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="StopSubsidyResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="result" type="xsd:string"/>
        <xsd:element name="stopDate" type="xsd:date"/>
        <xsd:element name="logId" type="xsd:long"/>
      </xsd:sequence></xsd:complexType></xsd:element>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="GetSubsidyRecordIn"><wsdl:part name="parameters" element="tns:GetSubsidyRecord"/></wsdl:message>
  <wsdl:message name="GetSubsidyRecordOut"><wsdl:part name="parameters" element="tns:GetSubsidyRecordResponse"/></wsdl:message>
  <wsdl:message name="StopSubsidyIn"><wsdl:part name="parameters" element="tns:StopSubsidy"/></wsdl:message>
  <wsdl:message name="StopSubsidyOut"><wsdl:part name="parameters" element="tns:StopSubsidyResponse"/></wsdl:message>
  <wsdl:portType name="SubsidyServicePortType">
    <wsdl:operation name="GetSubsidyRecord"><wsdl:input message="tns:GetSubsidyRecordIn"/><wsdl:output message="tns:GetSubsidyRecordOut"/></wsdl:operation>
    <wsdl:operation name="StopSubsidy"><wsdl:input message="tns:StopSubsidyIn"/><wsdl:output message="tns:StopSubsidyOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="SubsidyServiceBinding" type="tns:SubsidyServicePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="GetSubsidyRecord"><soap:operation soapAction="${soapActionOf('GetSubsidyRecord')}"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="StopSubsidy"><soap:operation soapAction="${soapActionOf('StopSubsidy')}"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="SubsidyService">
    <wsdl:port name="SubsidyServicePort" binding="tns:SubsidyServiceBinding"><soap:address location="${escapeAttribute(location)}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
