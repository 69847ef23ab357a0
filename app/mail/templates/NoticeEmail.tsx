import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

export interface NoticeEmailProps {
  lang: string;
  preview: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
}

const colors = { ink: "#14181f", brand: "#0b4f6c", soft: "#3b4452" };

/** The one layout of Trygg's mail: a heading, a few paragraphs, at most one button. */
export function NoticeEmail({ lang, preview, heading, paragraphs, action, footer }: NoticeEmailProps) {
  return (
    <Html lang={lang}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f3f5f8", fontFamily: "system-ui, -apple-system, Segoe UI, Arial, sans-serif", color: colors.ink }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ fontSize: "20px", fontWeight: 700, color: colors.brand, margin: 0 }}>Trygg</Text>
          <Heading as="h1" style={{ fontSize: "22px", lineHeight: "1.3" }}>
            {heading}
          </Heading>
          {paragraphs.map((paragraph, index) => (
            <Text key={index} style={{ fontSize: "16px", lineHeight: "1.55" }}>
              {paragraph}
            </Text>
          ))}
          {action ? (
            <Section style={{ margin: "24px 0" }}>
              <Button
                href={action.url}
                style={{ backgroundColor: colors.brand, color: "#ffffff", padding: "12px 20px", borderRadius: "8px", fontWeight: 700 }}
              >
                {action.label}
              </Button>
              <Text style={{ fontSize: "13px", color: colors.soft, wordBreak: "break-all" }}>{action.url}</Text>
            </Section>
          ) : null}
          <Hr />
          <Text style={{ fontSize: "13px", color: colors.soft }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
